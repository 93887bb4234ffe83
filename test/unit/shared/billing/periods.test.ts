import {
  InvalidPeriodError,
  daysInMonth,
  hoursInPeriod,
  isLeapYear,
  isPeriod,
  isPeriodInstant,
  nextPeriod,
  parsePeriod,
  periodBounds,
  periodBoundsMs,
  periodOf,
  previousPeriod,
} from '../../../../shared/billing';

describe('periods', () => {
  describe('parsePeriod', () => {
    it.each([
      ['2026-11', 2026, 11],
      ['2028-02', 2028, 2],
      ['2000-01', 2000, 1],
      ['2999-12', 2999, 12],
    ])('reads %s', (period, year, month) => {
      // Act
      const parsed = parsePeriod(period);

      // Assess
      expect(parsed).toEqual({ year, month });
    });

    it.each(['', '2026-1', '2026-00', '2026-13', '26-11', '2026/11', '2026-11-01', ' 2026-11', '1969-12', '1999-12', '3000-01', '9999-12', 'YYYY-MM'])(
      'rejects %j',
      (period) => {
        // Act
        const act = () => parsePeriod(period);

        // Assess
        expect(act).toThrow(InvalidPeriodError);
        expect(act).toThrow(`Not a billing period (YYYY-MM, 2000-01 to 2999-12): ${JSON.stringify(period)}`);
      },
    );
  });

  describe('isPeriod', () => {
    it.each([
      ['2026-11', true],
      ['2000-01', true],
      ['2999-12', true],
      ['2026-13', false],
      ['1999-12', false],
      ['3000-01', false],
      ['9999-12', false],
      ['x', false],
    ])('answers %s -> %s', (value, expected) => {
      // Act
      const answer = isPeriod(value);

      // Assess
      expect(answer).toBe(expected);
    });
  });

  describe('periodOf', () => {
    it.each([
      ['2026-11-01T00:00:00Z', '2026-11'],
      ['2026-11-30T23:59:59.999Z', '2026-11'],
      ['2026-12-01T00:00Z', '2026-12'],
      ['2028-02-29T12:00Z', '2028-02'],
      ['2000-01-01T00:00Z', '2000-01'],
      ['2999-12-31T23:59:59.999Z', '2999-12'],
    ])('puts %s in %s', (instant, period) => {
      // Act
      const result = periodOf(instant);

      // Assess
      expect(result).toBe(period);
    });

    it.each(['1999-12-31T23:59:59Z', '3000-01-01T00:00Z', '9999-12-31T23:00Z'])('has no period for %s', (instant) => {
      expect(() => periodOf(instant)).toThrow(InvalidPeriodError);
    });
  });

  describe('isPeriodInstant', () => {
    it.each([
      ['2026-11-03T10:05:00Z', true],
      ['2000-01-01T00:00Z', true],
      ['2999-12-31T23:59:59.999999Z', true],
      ['1999-12-31T23:59:59.999Z', false],
      ['3000-01-01T00:00Z', false],
      ['9999-12-31T23:00Z', false],
      ['2026-11-03', false],
    ])('answers %s -> %s', (value, expected) => {
      expect(isPeriodInstant(value)).toBe(expected);
    });
  });

  describe('the last period', () => {
    it('ends at an instant the engine still reads, so its close can be refused for not being due', () => {
      expect(periodBounds('2999-12')).toEqual({ start: '2999-12-01T00:00:00.000Z', end: '3000-01-01T00:00:00.000Z' });
    });
  });

  describe('nextPeriod and previousPeriod', () => {
    it.each([
      ['2026-11', '2026-10', '2026-12'],
      ['2026-01', '2025-12', '2026-02'],
      ['2026-12', '2026-11', '2027-01'],
    ])('steps around %s', (period, previous, next) => {
      // Act
      const before = previousPeriod(period);
      const after = nextPeriod(period);

      // Assess
      expect([before, after]).toEqual([previous, next]);
    });

    it('rejects a previous period before 2000', () => {
      // Act
      const act = () => previousPeriod('2000-01');

      // Assess
      expect(act).toThrow(InvalidPeriodError);
    });

    it('rejects a next period after 2999', () => {
      // Act
      const act = () => nextPeriod('2999-12');

      // Assess
      expect(act).toThrow(InvalidPeriodError);
    });

    it('rejects a malformed period', () => {
      // Act
      const act = () => nextPeriod('2026-13');

      // Assess
      expect(act).toThrow(InvalidPeriodError);
    });
  });

  describe('periodBounds', () => {
    it.each([
      ['2026-11', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
      ['2026-12', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['2028-02', '2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
    ])('bounds %s as [first instant, next month start)', (period, start, end) => {
      // Act
      const bounds = periodBounds(period);

      // Assess
      expect(bounds).toEqual({ start, end });
    });

    it('gives the same bounds in epoch milliseconds', () => {
      // Act
      const bounds = periodBoundsMs('2026-11');

      // Assess
      expect(bounds).toEqual({ start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) });
    });
  });

  describe('hoursInPeriod', () => {
    it.each([
      ['2028-02', 696],
      ['2027-02', 672],
      ['2000-02', 696],
      ['2100-02', 672],
      ['2026-11', 720],
      ['2026-10', 744],
      ['2026-03', 744],
    ])('counts %s as %i hours', (period, hours) => {
      // Act
      const result = hoursInPeriod(period);

      // Assess
      expect(result).toBe(hours);
    });
  });

  describe('isLeapYear', () => {
    it.each([
      [2028, true],
      [2027, false],
      [2000, true],
      [1900, false],
      [2100, false],
      [2024, true],
    ])('answers %i -> %s', (year, expected) => {
      // Act
      const answer = isLeapYear(year);

      // Assess
      expect(answer).toBe(expected);
    });
  });

  describe('daysInMonth', () => {
    it.each([
      [2028, 2, 29],
      [2027, 2, 28],
      [2026, 1, 31],
      [2026, 4, 30],
      [2026, 6, 30],
      [2026, 9, 30],
      [2026, 11, 30],
      [2026, 12, 31],
    ])('counts %i-%i as %i days', (year, month, days) => {
      // Act
      const result = daysInMonth(year, month);

      // Assess
      expect(result).toBe(days);
    });

    it('agrees with hoursInPeriod for every month of a leap and a common year', () => {
      // Prepare
      const months = [2027, 2028].flatMap((year) => Array.from({ length: 12 }, (_, index) => ({ year, month: index + 1 })));

      // Act
      const mismatches = months.filter(
        ({ year, month }) => daysInMonth(year, month) * 24 !== hoursInPeriod(`${year}-${String(month).padStart(2, '0')}`),
      );

      // Assess
      expect(mismatches).toEqual([]);
    });
  });
});
