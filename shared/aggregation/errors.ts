import type { Period } from '../billing';
import { ConflictError, HttpError } from '../errors';

/** The close's lock was taken over (its lease ran out): this close writes nothing more. */
export class CloseLockLostError extends ConflictError {
  constructor(period: Period) {
    super(`The close of ${period} lost its lock (its lease ran out and another close took it over); that close decides`, 'close_in_progress');
    this.name = 'CloseLockLostError';
  }
}

/** A closed period's lines as read do not add up to its committed checksum (an index not caught up): retry shortly. */
export class ClosedLinesNotVisibleError extends HttpError {
  constructor(period: Period) {
    super(503, 'closed_lines_not_visible', `The lines of ${period} as read do not match its committed checksum yet (the index is catching up); retry shortly`);
    this.name = 'ClosedLinesNotVisibleError';
    Object.defineProperty(this, 'expose', { value: true });
  }
}
