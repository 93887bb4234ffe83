import { parseInfraConfig } from '../../infra/lib/infraConfig';
import { CONFIG_DEFAULTS, parseConfig } from '../../shared/config';
import { SCHEDULE_DEFINITIONS } from '../../shared/schedules';

describe('parseInfraConfig', () => {
  it('rejects a malformed context value, naming it', () => {
    expect(() => parseInfraConfig({ billingStart: 'yesterday' })).toThrow(/billingStart/);
    expect(() => parseInfraConfig({ billingStart: '3000-01-01T00:00:00Z' })).toThrow(/billingStart/);
    expect(() => parseInfraConfig({ solusioUrl: 'ftp://solusio.example.com/api/v1' })).toThrow(/solusioUrl: an http\(s\) URL/);
    expect(() => parseInfraConfig({ billingSystem: 'whmcs', billingUrl: 'billing.example.test' })).toThrow(/billingUrl: an http\(s\) URL/);
    expect(() => parseInfraConfig({ alarmEmail: 'ops' })).toThrow(/alarmEmail/);
    expect(() => parseInfraConfig({ stage: 'Prod!' })).toThrow(/stage/);
  });

  it.each([
    ['not JSON', 'nope'],
    ['a comma decimal', '{"USD":"0,001"}'],
    ['a number', '{"USD":0.001}'],
    ['an array', '["USD"]'],
    ['a bare number', '5'],
  ])('rejects token rates that are %s at synth', (_case, tokenRates) => {
    expect(() => parseInfraConfig({ tokenRates })).toThrow(/Invalid CDK context: .*tokenRates/);
  });

  it('needs a billing URL with a billing system, and none without', () => {
    expect(() => parseInfraConfig({ billingSystem: 'whmcs' })).toThrow(/billingUrl: required with billingSystem whmcs/);
    expect(() => parseInfraConfig({ billingSystem: 'sap', billingUrl: 'https://billing.example.test' })).toThrow(/billingSystem/);
    expect(parseInfraConfig({ billingSystem: 'blesta', billingUrl: 'https://billing.example.test' })).toMatchObject({ billingSystem: 'blesta', billingDueDays: 14 });
    expect(parseInfraConfig({}).billingSystem).toBe('none');
  });

  it('accepts billSuspendedTime as a cdk.json boolean or a -c string', () => {
    expect(parseInfraConfig({ billSuspendedTime: true }).billSuspendedTime).toBe('true');
    expect(parseInfraConfig({ billSuspendedTime: 'false' }).billSuspendedTime).toBe('false');
  });

  it('accepts billingTaxed as a cdk.json boolean or a -c string, default false', () => {
    expect(parseInfraConfig({ billingTaxed: true }).billingTaxed).toBe('true');
    expect(parseInfraConfig({ billingTaxed: 'false' }).billingTaxed).toBe('false');
    expect(parseInfraConfig({}).billingTaxed).toBe('false');
    expect(() => parseInfraConfig({ billingTaxed: 'yes' })).toThrow(/billingTaxed/);
  });

  it('takes schedule rates as cdk.json JSON or a -c string, keeping the defaults of jobs left out', () => {
    expect(parseInfraConfig({ scheduleRates: { 'aggregate-usage': 30 } }).scheduleRates).toEqual({ ...CONFIG_DEFAULTS.scheduleRates, 'aggregate-usage': 30 });
    expect(parseInfraConfig({ scheduleRates: '{"snapshot-servers":10}', gapToleranceMinutes: '25' }).scheduleRates['snapshot-servers']).toBe(10);
    expect(() => parseInfraConfig({ scheduleRates: { 'snapshot-everything': 5 } })).toThrow(/scheduleRates/);
  });

  it('refuses a snapshot rate a run (deadline 240 s) could overlap, and a gap tolerance shorter than the rate', () => {
    expect(() => parseInfraConfig({ scheduleRates: { 'snapshot-servers': 4 } })).toThrow(/scheduleRates\.snapshot-servers/);
    expect(() => parseInfraConfig({ scheduleRates: { 'snapshot-servers': 20 } })).toThrow(/gapToleranceMinutes/);
  });

  it('accepts only retention periods CloudWatch Logs offers', () => {
    expect(parseInfraConfig({ logRetentionDays: '90' }).logRetentionDays).toBe(90);
    expect(() => parseInfraConfig({ logRetentionDays: 31 })).toThrow(/logRetentionDays/);
  });
});

describe('one table of defaults (shared/config/defaults.ts)', () => {
  it('gives the CDK context, the runtime and the local stack the same defaults', () => {
    const infra = parseInfraConfig({});
    const runtime = parseConfig({ TABLE_NAME: 't' });
    expect(infra.tokenRates).toBe(CONFIG_DEFAULTS.tokenRates);
    expect(JSON.parse(infra.tokenRates)).toEqual(runtime.tokenRates);
    expect(infra.billSuspendedTime).toBe(String(runtime.billSuspendedTime));
    expect(infra.billingTaxed).toBe(String(runtime.billingTaxed));
    expect(infra.gapToleranceMinutes).toBe(runtime.gapToleranceMinutes);
    expect(infra.closeGraceMinutes).toBe(runtime.closeGraceMinutes);
    expect(runtime.snapshotDeadlineSeconds).toBe(CONFIG_DEFAULTS.snapshotDeadlineSeconds);
    expect(infra.solusioTokenSecretName).toBe(CONFIG_DEFAULTS.solusioTokenSecretName);
    expect(infra.scheduleRates).toEqual(Object.fromEntries(SCHEDULE_DEFINITIONS.map((definition) => [definition.name, definition.everyMinutes])));
  });
});
