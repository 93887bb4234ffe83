import * as billing from '../../../../shared/billing';

describe('billing index', () => {
  it('exposes the engine as named exports only', () => {
    // Act
    const surface = Object.entries(billing);

    // Assess
    expect(surface.map(([name]) => name)).not.toContain('default');
    expect(surface.filter(([, value]) => value === undefined)).toEqual([]);
    expect(surface.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'computePeriodUsage',
        'computeServerUsage',
        'parseBillingSettings',
        'periodBounds',
        'BillingError',
      ]),
    );
  });

  it('exposes the constants the rules use', () => {
    // Assess
    expect(billing.MS_PER_HOUR).toBe(3_600_000);
    expect(billing.USAGE_FLAGS).toEqual(['adjustment', 'gap']);
    expect(billing.DEFAULT_MINOR_DIGITS).toBe(2);
    expect(billing.CURRENCY_MINOR_DIGITS).toMatchObject({ JPY: 0, BHD: 3 });
  });
});
