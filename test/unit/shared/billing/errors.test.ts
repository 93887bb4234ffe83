import {
  AmountOutOfRangeError,
  BillingError,
  ConfigurationError,
  InvalidInstantError,
  InvalidIntervalError,
  InvalidPeriodError,
  InvalidUsageInputError,
  OverlappingIntervalsError,
} from '../../../../shared/billing';

describe('errors', () => {
  it.each([
    ['BillingError', new BillingError('boom')],
    ['ConfigurationError', new ConfigurationError('tokenRates', 'bad')],
    ['InvalidInstantError', new InvalidInstantError('start', 'x')],
    ['InvalidPeriodError', new InvalidPeriodError('x')],
    ['InvalidIntervalError', new InvalidIntervalError(1, 'b', 'a')],
    ['OverlappingIntervalsError', new OverlappingIntervalsError(1, { start: 'a', end: 'c' }, { start: 'b', end: 'd' })],
    ['InvalidUsageInputError', new InvalidUsageInputError('field', 'bad')],
    ['AmountOutOfRangeError', new AmountOutOfRangeError('total', 1n)],
  ])('makes %s a BillingError with its own name', (name, error) => {
    // Assess
    expect(error).toBeInstanceOf(BillingError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
  });

  it('passes a cause through ErrorOptions', () => {
    // Prepare
    const cause = new InvalidInstantError('billingStart', 'x');

    // Act
    const error = new ConfigurationError('billingStart', 'bad', { cause });

    // Assess
    expect(error.cause).toBe(cause);
  });

  it('keeps the context of an overlap as readonly fields', () => {
    // Act
    const error = new OverlappingIntervalsError(12, { start: 'a', end: 'c' }, { start: 'b', end: 'd' });

    // Assess
    expect(error).toMatchObject({ serverId: 12, first: { start: 'a', end: 'c' }, second: { start: 'b', end: 'd' } });
    expect(error.message).toBe('Server 12 has overlapping segments: [a, c) and [b, d)');
  });

  it('keeps the context of a reversed interval', () => {
    // Act
    const error = new InvalidIntervalError(3, 'b', 'a');

    // Assess
    expect(error).toMatchObject({ serverId: 3, start: 'b', end: 'a' });
  });

  it('keeps the context of other input errors', () => {
    // Assess
    expect(new InvalidUsageInputError('servers', 'dup')).toMatchObject({
      field: 'servers',
      message: 'Invalid usage input servers: dup',
    });
    expect(new InvalidPeriodError('2026-13')).toMatchObject({ value: '2026-13' });
    expect(new AmountOutOfRangeError('USD total', 10n)).toMatchObject({
      what: 'USD total',
      message: 'USD total (10) exceeds the largest safe integer',
    });
  });
});
