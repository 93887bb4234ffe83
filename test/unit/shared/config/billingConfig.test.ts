import { ConfigError, parseConfig } from '../../../../shared/config';

describe('parseConfig: the billing system (BILLING_*)', () => {
  const minimal = { TABLE_NAME: 'bridge' };

  it('defaults to no billing system, 14 due days and the default TOKEN_RATES currency', () => {
    // Act
    const config = parseConfig(minimal);

    // Assess
    expect(config).toMatchObject({ billingSystem: 'none', billingDueDays: 14, billingCurrency: 'USD' });
    expect(config.billingUrl).toBeUndefined();
    expect(config.billingIdentifier).toBeUndefined();
    expect(config.billingSecret).toBeUndefined();
    expect(config.billingCredentialsSecretName).toBeUndefined();
  });

  it('reads every billing variable it is given', () => {
    // Act
    const config = parseConfig({
      ...minimal,
      BILLING_SYSTEM: 'whmcs',
      BILLING_URL: 'https://billing.example.test/whmcs',
      BILLING_IDENTIFIER: 'api-user',
      BILLING_SECRET: 'api-key',
      BILLING_ACCESS_KEY: 'Acc3ss!@#$%.()*[]-_',
      BILLING_CREDENTIALS_SECRET_NAME: 'prod/billing',
      BILLING_CURRENCY: 'USD',
      BILLING_DUE_DAYS: '30',
      BILLING_TAXED: 'true',
    });

    // Assess
    expect(config).toMatchObject({
      billingSystem: 'whmcs',
      billingUrl: 'https://billing.example.test/whmcs',
      billingIdentifier: 'api-user',
      billingSecret: 'api-key',
      billingAccessKey: 'Acc3ss!@#$%.()*[]-_',
      billingCredentialsSecretName: 'prod/billing',
      billingCurrency: 'USD',
      billingDueDays: 30,
      billingTaxed: true,
    });
  });

  it.each(['none', 'whmcs', 'blesta', 'hostbill', 'ubersmith'])('accepts the billing system %p', (system) => {
    // Act
    const config = parseConfig({ ...minimal, BILLING_SYSTEM: system, BILLING_URL: 'https://billing.example.test' });

    // Assess
    expect(config.billingSystem).toBe(system);
  });

  it.each([
    ['0', 0],
    ['365', 365],
  ])('accepts BILLING_DUE_DAYS %p', (text, days) => {
    // Act
    const config = parseConfig({ ...minimal, BILLING_DUE_DAYS: text });

    // Assess
    expect(config.billingDueDays).toBe(days);
  });

  it('takes the only currency of TOKEN_RATES when BILLING_CURRENCY is not set', () => {
    // Act
    const config = parseConfig({ ...minimal, TOKEN_RATES: '{"EUR":"0.00091"}' });

    // Assess
    expect(config.billingCurrency).toBe('EUR');
  });

  it('takes the named BILLING_CURRENCY among several TOKEN_RATES currencies', () => {
    // Act
    const config = parseConfig({ ...minimal, TOKEN_RATES: '{"USD":"0.001","EUR":"0.00091"}', BILLING_CURRENCY: 'EUR' });

    // Assess
    expect(config.billingCurrency).toBe('EUR');
  });

  it('treats an empty BILLING_CURRENCY as unset', () => {
    // Act
    const config = parseConfig({ ...minimal, BILLING_CURRENCY: '' });

    // Assess
    expect(config.billingCurrency).toBe('USD');
  });

  it('refuses a BILLING_CURRENCY that is not a TOKEN_RATES currency, naming both', () => {
    // Act
    const act = () => parseConfig({ ...minimal, TOKEN_RATES: '{"USD":"0.001","EUR":"0.00091"}', BILLING_CURRENCY: 'GBP' });

    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(/BILLING_CURRENCY: GBP is not a currency of TOKEN_RATES/);
  });

  it('takes the first of several currencies when no billing system is configured (dry runs only)', () => {
    // Act
    const config = parseConfig({ ...minimal, TOKEN_RATES: '{"USD":"0.001","EUR":"0.00091"}' });

    // Assess
    expect(config.billingCurrency).toBe('EUR');
  });

  it('refuses to guess the currency for a billing system when TOKEN_RATES has two and BILLING_CURRENCY is not set', () => {
    // Act
    const act = () => parseConfig({ ...minimal, BILLING_SYSTEM: 'whmcs', BILLING_URL: 'https://billing.example.test', TOKEN_RATES: '{"USD":"0.001","EUR":"0.00091"}' });

    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(/BILLING_CURRENCY.*(EUR, USD|USD, EUR)/);
  });

  it.each([
    ['an unknown billing system', { BILLING_SYSTEM: 'stripe' }, /BILLING_SYSTEM/],
    ['an upper-case billing system', { BILLING_SYSTEM: 'WHMCS' }, /BILLING_SYSTEM/],
    ['a lower-case currency', { BILLING_CURRENCY: 'usd' }, /BILLING_CURRENCY/],
    ['a currency that is not three letters', { BILLING_CURRENCY: 'US' }, /BILLING_CURRENCY/],
    ['a billing URL that is not a URL', { BILLING_URL: 'billing.example.test' }, /BILLING_URL/],
    ['negative due days', { BILLING_DUE_DAYS: '-1' }, /BILLING_DUE_DAYS/],
    ['more than a year of due days', { BILLING_DUE_DAYS: '366' }, /BILLING_DUE_DAYS/],
    ['fractional due days', { BILLING_DUE_DAYS: '1.5' }, /BILLING_DUE_DAYS/],
    ['non-numeric due days', { BILLING_DUE_DAYS: 'soon' }, /BILLING_DUE_DAYS/],
    ['an access key with a character WHMCS refuses', { BILLING_ACCESS_KEY: 'key with spaces' }, /BILLING_ACCESS_KEY/],
    ['a taxed flag that is not true or false', { BILLING_TAXED: 'yes' }, /BILLING_TAXED/],
    ['a hold of 0 gap hours', { PUSH_HOLD_GAP_HOURS: '0' }, /PUSH_HOLD_GAP_HOURS/],
    ['fractional gap hours', { PUSH_HOLD_GAP_HOURS: '1.5' }, /PUSH_HOLD_GAP_HOURS/],
    ['more gap hours than the longest month', { PUSH_HOLD_GAP_HOURS: '745' }, /PUSH_HOLD_GAP_HOURS/],
    ['non-numeric gap hours', { PUSH_HOLD_GAP_HOURS: 'six' }, /PUSH_HOLD_GAP_HOURS/],
  ])('rejects %s, naming the variable', (_case, env, message) => {
    // Act
    const act = () => parseConfig({ ...minimal, ...env });

    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(message);
  });

  it('holds customers for a snapshot gap longer than 6 hours unless PUSH_HOLD_GAP_HOURS says otherwise (up to the longest month)', () => {
    // Act
    const hours = ['', '1', '744'].map((value) => parseConfig({ ...minimal, PUSH_HOLD_GAP_HOURS: value }).pushHoldGapHours);

    // Assess
    expect(hours).toEqual([6, 1, 744]);
  });
});
