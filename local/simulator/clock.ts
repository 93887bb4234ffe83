import type { SimClock } from './types';

/** A clock that follows real time until set, then holds the instant set until set again. */
export function createSimClock(realNow: () => Date = () => new Date()): SimClock {
  let held: Date | null = null;
  return {
    now: () => (held ? new Date(held.getTime()) : realNow()),
    set: (instant: Date) => {
      if (Number.isNaN(instant.getTime())) throw new RangeError('SimClock.set: invalid date');
      held = new Date(instant.getTime());
    },
  };
}
