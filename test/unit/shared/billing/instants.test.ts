import {
  InvalidInstantError,
  ceilMs,
  compareExactInstants,
  formatInstant,
  isInstant,
  parseExactInstant,
  parseInstant,
} from '../../../../shared/billing';

describe('instants', () => {
  describe('isInstant', () => {
    it.each([
      ['2026-11-03T10:05:00Z', true],
      ['2026-11-03T10:05:00.123456+00:00', true],
      ['2026-11-03T12:05:00+02:00', false],
      ['2026-02-30T00:00:00Z', false],
      ['now', false],
    ])('%s -> %s', (value, expected) => {
      expect(isInstant(value)).toBe(expected);
    });
  });

  describe('parseInstant', () => {
    it.each([
      ['minutes only', '2026-11-03T10:00Z', Date.UTC(2026, 10, 3, 10, 0)],
      ['seconds', '2026-11-03T10:00:30Z', Date.UTC(2026, 10, 3, 10, 0, 30)],
      ['milliseconds', '2026-11-03T10:00:30.250Z', Date.UTC(2026, 10, 3, 10, 0, 30, 250)],
      ['one fraction digit', '2026-11-03T10:00:30.5Z', Date.UTC(2026, 10, 3, 10, 0, 30, 500)],
      ['microseconds, rounded down to the millisecond', '2026-11-03T10:00:30.123999Z', Date.UTC(2026, 10, 3, 10, 0, 30, 123)],
      ['a +00:00 offset', '2026-11-03T10:00:00+00:00', Date.UTC(2026, 10, 3, 10)],
      ['a leap day', '2028-02-29T23:59:59Z', Date.UTC(2028, 1, 29, 23, 59, 59)],
      ['the epoch', '1970-01-01T00:00Z', 0],
    ])('reads an instant with %s', (_name, text, expected) => {
      // Act
      const ms = parseInstant(text);

      // Assess
      expect(ms).toBe(expected);
    });

    it.each([
      ['an empty string', ''],
      ['a date without time', '2026-11-03'],
      ['no zone', '2026-11-03T10:00'],
      ['another offset', '2026-11-03T10:00+01:00'],
      ['an unknown local offset', '2026-11-03T10:00-00:00'],
      ['lower-case letters', '2026-11-03t10:00z'],
      ['a space instead of T', '2026-11-03 10:00Z'],
      ['February 30', '2026-02-30T00:00Z'],
      ['February 29 of a common year', '2027-02-29T00:00Z'],
      ['month 13', '2026-13-01T00:00Z'],
      ['hour 24', '2026-11-03T24:00Z'],
      ['minute 60', '2026-11-03T10:60Z'],
      ['second 60', '2026-11-03T10:00:60Z'],
      ['a year before 1970', '1969-12-31T23:59:59Z'],
      ['a two-digit year', '0050-01-01T00:00Z'],
      ['an empty fraction', '2026-11-03T10:00:00.Z'],
    ])('rejects %s', (_name, text) => {
      // Act
      const act = () => parseInstant(text, 'segments[0].start');

      // Assess
      expect(act).toThrow(InvalidInstantError);
      expect(act).toThrow(`segments[0].start is not an ISO-8601 UTC instant`);
    });

    it('names the field and keeps the value on the error', () => {
      // Act
      const error = (() => {
        try {
          return parseInstant('nope');
        } catch (caught) {
          return caught;
        }
      })();

      // Assess
      expect(error).toBeInstanceOf(InvalidInstantError);
      expect(error).toMatchObject({ name: 'InvalidInstantError', field: 'instant', value: 'nope' });
    });
  });

  describe('parseExactInstant', () => {
    it.each([
      ['a whole second', '2026-11-03T10:00:30Z', Date.UTC(2026, 10, 3, 10, 0, 30), ''],
      ['milliseconds', '2026-11-03T10:00:30.250Z', Date.UTC(2026, 10, 3, 10, 0, 30, 250), ''],
      ['microseconds', '2026-11-03T10:00:30.123999Z', Date.UTC(2026, 10, 3, 10, 0, 30, 123), '999'],
      ['nanoseconds with trailing zeros', '2026-11-03T10:00:30.123000100Z', Date.UTC(2026, 10, 3, 10, 0, 30, 123), '0001'],
      ['zeros below the millisecond', '2026-11-03T10:00:30.1230000Z', Date.UTC(2026, 10, 3, 10, 0, 30, 123), ''],
    ])('keeps every digit of %s', (_name, text, ms, belowMs) => {
      // Act
      const instant = parseExactInstant(text);

      // Assess
      expect(instant).toEqual({ ms, belowMs });
    });

    it('rejects what parseInstant rejects, naming the field', () => {
      // Act
      const act = () => parseExactInstant('2026-02-30T00:00:00.0001Z', 'segments[0].end');

      // Assess
      expect(act).toThrow(InvalidInstantError);
      expect(act).toThrow('segments[0].end is not an ISO-8601 UTC instant');
    });

    it('answers the same frozen value for an instant read again, also after more than 10,000 others', () => {
      // Prepare
      const text = '2026-11-03T10:00:30.123999Z';
      const first = parseExactInstant(text);

      // Act: enough distinct instants to overflow the parse cache, then the first one again.
      for (let second = 0; second <= 10_000; second += 1) expect(parseExactInstant(new Date(Date.UTC(2027, 0, 1) + second * 1000).toISOString()).ms).toBe(Date.UTC(2027, 0, 1) + second * 1000);
      const again = parseExactInstant(text);

      // Assess
      expect(Object.isFrozen(first)).toBe(true);
      expect(again).toEqual(first);
      expect(parseExactInstant(text)).toBe(again);
    });

    it('does not keep an invalid instant: it is refused every time', () => {
      expect(() => parseExactInstant('2026-02-30T00:00:00Z')).toThrow(InvalidInstantError);
      expect(() => parseExactInstant('2026-02-30T00:00:00Z')).toThrow(InvalidInstantError);
    });
  });

  describe('compareExactInstants', () => {
    const exact = (text: string) => parseExactInstant(text);

    it.each([
      ['an earlier millisecond', '2026-11-03T10:00:00.001Z', '2026-11-03T10:00:00.002Z', -1],
      ['a later millisecond', '2026-11-03T10:00:00.002Z', '2026-11-03T10:00:00.001Z', 1],
      ['the same instant written differently', '2026-11-03T10:00:00.0010Z', '2026-11-03T10:00:00.001Z', 0],
      ['a whole millisecond against a later fraction', '2026-11-03T10:00:00.001Z', '2026-11-03T10:00:00.0010001Z', -1],
      ['a longer but smaller fraction', '2026-11-03T10:00:00.00149Z', '2026-11-03T10:00:00.0015Z', -1],
      ['a shorter but larger fraction', '2026-11-03T10:00:00.0015Z', '2026-11-03T10:00:00.00149Z', 1],
    ])('orders %s', (_name, a, b, sign) => {
      // Act
      const order = compareExactInstants(exact(a), exact(b));

      // Assess
      expect(Math.sign(order)).toBe(sign);
    });
  });

  describe('ceilMs', () => {
    it.each([
      ['a whole millisecond', '2026-11-03T10:00:00.001Z', Date.UTC(2026, 10, 3, 10, 0, 0, 1)],
      ['a fraction of a millisecond', '2026-11-03T10:00:00.0010001Z', Date.UTC(2026, 10, 3, 10, 0, 0, 2)],
      ['zeros below the millisecond', '2026-11-03T10:00:00.001000Z', Date.UTC(2026, 10, 3, 10, 0, 0, 1)],
    ])('rounds %s up to the next whole millisecond', (_name, text, expected) => {
      // Assess
      expect(ceilMs(parseExactInstant(text))).toBe(expected);
    });
  });

  describe('formatInstant', () => {
    it('writes epoch milliseconds as an ISO-8601 UTC instant', () => {
      // Act
      const text = formatInstant(Date.UTC(2026, 10, 1));

      // Assess
      expect(text).toBe('2026-11-01T00:00:00.000Z');
    });

    it('round-trips through parseInstant', () => {
      // Prepare
      const ms = Date.UTC(2027, 1, 28, 13, 14, 15, 161);

      // Act
      const back = parseInstant(formatInstant(ms));

      // Assess
      expect(back).toBe(ms);
    });
  });
});
