import { InvalidInstantError } from '../../../../shared/billing/errors';
import { addMinutes, canonicalInstant, compareInstants, earlierOf, laterOf, minutesBetween, periodBounds, periodOf, periodsFrom } from '../../../../shared/snapshots/time';

describe('time', () => {
  describe('compareInstants', () => {
    it.each([
      ['an earlier instant', '2026-11-03T10:00:00Z', '2026-11-03T10:00:01Z', -1],
      ['a later instant', '2026-11-03T10:00:01Z', '2026-11-03T10:00:00Z', 1],
      ['one instant written two ways', '2026-11-03T10:00:00Z', '2026-11-03T10:00:00.000+00:00', 0],
      ['a fraction below the millisecond', '2026-11-03T10:00:00.0001Z', '2026-11-03T10:00:00Z', 1],
      ['fractions that differ below the millisecond only', '2026-11-03T10:00:00.00012Z', '2026-11-03T10:00:00.0002Z', -1],
    ])('orders %s', (_name, a, b, sign) => {
      // Act
      const order = compareInstants(a, b);

      // Assess
      expect(Math.sign(order)).toBe(sign);
    });

    it('throws InvalidInstantError for a value that is no instant', () => {
      // Act
      const act = () => compareInstants('2026-02-30T00:00:00Z', '2026-03-01T00:00:00Z');

      // Assess
      expect(act).toThrow(InvalidInstantError);
    });
  });

  describe('laterOf and earlierOf', () => {
    it.each([
      ['ordered', '2026-11-03T10:00:00Z', '2026-11-03T10:05:00Z', '2026-11-03T10:05:00Z', '2026-11-03T10:00:00Z'],
      ['reversed', '2026-11-03T10:05:00Z', '2026-11-03T10:00:00Z', '2026-11-03T10:05:00Z', '2026-11-03T10:00:00Z'],
      ['equal instants written two ways (the first wins)', '2026-11-03T10:00:00Z', '2026-11-03T10:00:00.000Z', '2026-11-03T10:00:00Z', '2026-11-03T10:00:00Z'],
    ])('picks from two instants %s, as written', (_name, a, b, later, earlier) => {
      // Act
      const picked = [laterOf(a, b), earlierOf(a, b)];

      // Assess
      expect(picked).toStrictEqual([later, earlier]);
    });
  });

  describe('canonicalInstant', () => {
    it.each([
      ['an instant without seconds', '2026-11-03T10:05Z', '2026-11-03T10:05:00.000Z'],
      ['an instant with +00:00', '2026-11-03T10:05:00+00:00', '2026-11-03T10:05:00.000Z'],
      ['an instant with microseconds (cut to the millisecond)', '2026-11-03T10:05:00.123456Z', '2026-11-03T10:05:00.123Z'],
      ['a canonical instant', '2026-11-03T10:05:00.000Z', '2026-11-03T10:05:00.000Z'],
    ])('writes %s in the bridge\'s form', (_name, value, expected) => {
      // Act
      const canonical = canonicalInstant(value);

      // Assess
      expect(canonical).toBe(expected);
    });

    it('names the field of a value that is no instant', () => {
      // Act
      const act = () => canonicalInstant('yesterday', 'event.time');

      // Assess
      expect(act).toThrow(InvalidInstantError);
      expect(act).toThrow('event.time');
    });
  });

  describe('addMinutes and minutesBetween', () => {
    it.each([
      ['five minutes', '2026-11-03T10:00:00Z', 5, '2026-11-03T10:05:00.000Z'],
      ['over a month end', '2026-11-30T23:58:00Z', 3, '2026-12-01T00:01:00.000Z'],
      ['back over a leap day', '2028-03-01T00:00:00Z', -1, '2028-02-29T23:59:00.000Z'],
      ['a fraction of a minute', '2026-11-03T10:00:00Z', 0.5, '2026-11-03T10:00:30.000Z'],
    ])('adds %s', (_name, instant, minutes, expected) => {
      // Act
      const sum = addMinutes(instant, minutes);

      // Assess
      expect(sum).toBe(expected);
      expect(minutesBetween(instant, sum)).toBe(minutes);
    });

    it('gives a negative count for a later start', () => {
      // Act
      const minutes = minutesBetween('2026-11-03T10:20:00Z', '2026-11-03T10:05:00Z');

      // Assess
      expect(minutes).toBe(-15);
    });
  });

  describe('periodsFrom', () => {
    it.each([
      ['one period', '2026-11', '2026-11', ['2026-11']],
      ['over a year end', '2026-11', '2027-02', ['2026-11', '2026-12', '2027-01', '2027-02']],
      ['nothing when the first is later', '2026-12', '2026-11', []],
    ])('lists %s', (_name, first, last, expected) => {
      // Act
      const periods = periodsFrom(first, last);

      // Assess
      expect(periods).toStrictEqual(expected);
    });
  });

  describe('periodOf and periodBounds', () => {
    it.each([
      ['2028-02-29T23:59:59.999Z', '2028-02', '2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
      ['2026-12-31T23:59:59Z', '2026-12', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['2027-01-01T00:00:00Z', '2027-01', '2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'],
    ])('puts %s in %s, from %s to %s', (instant, period, start, end) => {
      // Act
      const found = periodOf(instant);
      const bounds = periodBounds(found);

      // Assess
      expect(found).toBe(period);
      expect(bounds).toStrictEqual({ start, end });
    });
  });
});
