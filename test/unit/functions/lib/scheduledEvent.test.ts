import { parseScheduledEvent } from '../../../../functions/lib/scheduledEvent';
import { BadRequestError } from '../../../../shared/errors';

describe('parseScheduledEvent', () => {
  it('accepts the scheduled time and an optional period', () => {
    expect(parseScheduledEvent({ time: '2026-12-01T02:00:00Z', period: '2026-11' })).toEqual({ time: '2026-12-01T02:00:00Z', period: '2026-11' });
  });

  it.each([
    ['no time', {}],
    ['a time that is not ISO-8601', { time: 'now' }],
    ['a bad period', { time: '2026-12-01T02:00:00Z', period: '2026-13' }],
    ['not an object', 'tick'],
  ])('rejects %s with a 400', (_case, event) => {
    expect(() => parseScheduledEvent(event)).toThrow(BadRequestError);
  });
});
