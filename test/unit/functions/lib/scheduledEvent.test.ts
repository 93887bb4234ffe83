import { parseScheduledEvent } from '../../../../functions/lib/scheduledEvent';
import { BadRequestError } from '../../../../shared/errors';

describe('parseScheduledEvent', () => {
  it('accepts the scheduled time and an optional period', () => {
    expect(parseScheduledEvent({ time: '2026-12-01T02:00:00Z', period: '2026-11' })).toEqual({ time: '2026-12-01T02:00:00Z', period: '2026-11' });
  });

  it('accepts +00:00 as UTC', () => {
    expect(parseScheduledEvent({ time: '2026-12-01T02:00:00+00:00' }).time).toBe('2026-12-01T02:00:00+00:00');
  });

  it.each([
    ['no time', {}],
    ['a time that is not ISO-8601', { time: 'now' }],
    ['a time with another offset than UTC', { time: '2026-12-01T04:00:00+02:00' }],
    ['an impossible date', { time: '2026-02-30T00:00:00Z' }],
    ['a bad period', { time: '2026-12-01T02:00:00Z', period: '2026-13' }],
    ['not an object', 'tick'],
  ])('rejects %s with a 400', (_case, event) => {
    expect(() => parseScheduledEvent(event)).toThrow(BadRequestError);
  });
});
