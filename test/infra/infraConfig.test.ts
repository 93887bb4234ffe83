import { CONTEXT_KEYS, installationsOfInfra, parseInfraConfig as parseWholeContext } from '../../infra/lib/infraConfig';
import { InfraConfigError } from '../../infra/lib/infraConfigError';
import { CONFIG_DEFAULTS, parseConfig } from '../../shared/config';
import { SCHEDULE_DEFINITIONS } from '../../shared/schedules';
import { REQUIRED_CONTEXT } from './support/synthBridge';

/** A deployment's context: the required keys, then `context` on top. */
const parseInfraConfig = (context: Readonly<Record<string, unknown>>) => parseWholeContext({ ...REQUIRED_CONTEXT, ...context });

/** The one line a bad context fails with. */
function failure(context: Readonly<Record<string, unknown>>): string {
  try {
    parseWholeContext(context);
  } catch (error) {
    if (error instanceof InfraConfigError) return error.message;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(context)}`);
}

describe('parseInfraConfig', () => {
  it('rejects a malformed context value, naming it', () => {
    expect(() => parseInfraConfig({ billingStart: 'yesterday' })).toThrow(/billingStart/);
    expect(() => parseInfraConfig({ billingStart: '3000-01-01T00:00:00Z' })).toThrow(/billingStart/);
    expect(() => parseInfraConfig({ solusioUrl: 'ftp://solusio.example.com/api/v1' })).toThrow(/solusioUrl: an https:\/\/ URL/);
    expect(() => parseInfraConfig({ billingSystem: 'whmcs', billingUrl: 'billing.example.test' })).toThrow(/billingUrl: an https:\/\/ URL/);
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

  it('takes the backup schedule as cdk.json JSON or a -c string, keeping it as the JSON the functions read, and refuses a malformed one', () => {
    expect(parseInfraConfig({ solusioBackupSchedule: { type: 'weekly', time: { hour: 2, minutes: 30 }, days: [1, 4] } }).solusioBackupSchedule).toBe(
      '{"type":"weekly","time":{"hour":2,"minutes":30},"days":[1,4]}',
    );
    expect(parseInfraConfig({ solusioBackupSchedule: '{"type":"daily","time":{"hour":5,"minutes":0}}' }).solusioBackupSchedule).toBe('{"type":"daily","time":{"hour":5,"minutes":0}}');
    expect(() => parseInfraConfig({ solusioBackupSchedule: { type: 'daily', time: { hour: 25, minutes: 0 } } })).toThrow(/solusioBackupSchedule/);
    expect(() => parseInfraConfig({ solusioBackupSchedule: 'nightly' })).toThrow(/solusioBackupSchedule/);
  });

  it('accepts only retention periods CloudWatch Logs offers', () => {
    expect(parseInfraConfig({ logRetentionDays: '90' }).logRetentionDays).toBe(90);
    expect(() => parseInfraConfig({ logRetentionDays: 31 })).toThrow(/logRetentionDays/);
  });
});

describe('parseInfraConfig: mistakes a newcomer makes', () => {
  it('names the nearest known key for an unknown one', () => {
    expect(failure({ solusoUrl: 'https://solusio.example.com/api/v1' })).toContain('solusoUrl: unknown key, did you mean solusioUrl?');
    expect(failure({ ...REQUIRED_CONTEXT, billingsystem: 'whmcs' })).toBe('Invalid CDK context: billingsystem: unknown key, did you mean billingSystem?');
    expect(failure({ ...REQUIRED_CONTEXT, logRetentoinDays: 90 })).toContain('did you mean logRetentionDays?');
  });

  it('lists the known keys when no key is near', () => {
    expect(failure({ ...REQUIRED_CONTEXT, colour: 'blue' })).toBe(`Invalid CDK context: colour: unknown key (known keys: ${CONTEXT_KEYS.join(', ')})`);
  });

  it("leaves the CDK's own keys alone: feature flags, CLI settings, cached lookups", () => {
    const cdkContext = {
      '@aws-cdk/core:checkSecretUsage': true,
      '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:version-reporting': false,
      'aws-cdk:enableDiffNoFail': 'true',
      'acknowledged-issue-numbers': [32775],
      'cli-telemetry': false,
      'availability-zones:account=123456789012:region=us-east-1': ['us-east-1a'],
    };
    expect(parseInfraConfig(cdkContext).solusioUrl).toBe(REQUIRED_CONTEXT.solusioUrl);
  });

  it('requires solusioUrl: no placeholder is deployed', () => {
    expect(failure({})).toBe(
      'Invalid CDK context: solusioUrl: required: the SolusIO API base URL, e.g. -c solusioUrl=https://solusio.example.com/api/v1 (or several installations with solusioInstallations)',
    );
  });

  describe('solusioInstallations', () => {
    const eu = { id: 'eu', url: 'https://eu.solusio.example.com/api/v1', tokenSecretName: 'solusio-eu' };
    const us = { id: 'us', url: 'https://us.solusio.example.com/api/v1', tokenSecretName: 'solusio-us' };

    it('takes the list as cdk.json JSON or a -c string, in order; solusioUrl alone is installation default', () => {
      expect(installationsOfInfra(parseWholeContext({ solusioInstallations: [eu, us] }))).toEqual([eu, us]);
      expect(installationsOfInfra(parseWholeContext({ solusioInstallations: JSON.stringify([us, eu]) }))).toEqual([us, eu]);
      expect(installationsOfInfra(parseInfraConfig({ solusioTokenSecretName: 'token' }))).toEqual([
        { id: 'default', url: REQUIRED_CONTEXT.solusioUrl, tokenSecretName: 'token' },
      ]);
    });

    it('refuses it together with solusioUrl, naming both', () => {
      expect(failure({ ...REQUIRED_CONTEXT, solusioInstallations: [eu] })).toBe(
        'Invalid CDK context: solusioInstallations: give it or solusioUrl, not both (solusioUrl alone is the installation "default")',
      );
    });

    it.each([
      ['a repeated id', [eu, { ...us, id: 'eu' }], 'solusioInstallations.1.id: "eu" is given twice'],
      ['an id that is not a slug', [{ ...eu, id: 'EU West' }], 'solusioInstallations.0.id: a short slug'],
      ['a plain http URL to a remote host', [{ ...eu, url: 'http://eu.solusio.example.com/api/v1' }], 'solusioInstallations.0.url: an https:// URL'],
      ['an entry without its token secret', [{ id: eu.id, url: eu.url }], 'solusioInstallations.0.tokenSecretName'],
      ['an entry with an unknown key', [{ ...eu, token: 'secret' }], 'solusioInstallations.0'],
      ['an empty list', [], 'solusioInstallations: at least one installation'],
      ['text that is not JSON', 'eu,us', 'solusioInstallations'],
    ])('refuses %s', (_name, list, message) => {
      expect(failure({ solusioInstallations: list })).toContain(message);
    });
  });

  it.each([
    ['solusioUrl', 'http://solusio.example.com/api/v1'],
    ['solusioUrl', 'http://10.0.0.5/api/v1'],
    ['billingUrl', 'http://billing.example.com/whmcs'],
  ])('refuses plain http for %s (%s) to anything but loopback', (key, url) => {
    expect(failure({ ...REQUIRED_CONTEXT, billingSystem: 'whmcs', billingUrl: 'https://billing.example.com/whmcs', [key]: url })).toContain(`${key}: an https:// URL`);
  });

  it.each(['http://127.0.0.1:4010/api/v1', 'http://localhost:4010/api/v1', 'http://[::1]:4010/api/v1', 'https://solusio.example.com:8443/api/v1'])('accepts %s', (url) => {
    expect(parseInfraConfig({ solusioUrl: url, billingSystem: 'whmcs', billingUrl: url }).billingUrl).toBe(url);
  });

  it('requires billingCurrency with several currencies and a billing system, and one of tokenRates', () => {
    const twoCurrencies = { tokenRates: '{"USD":"0.001","EUR":"0.00091"}' };
    const whmcs = { billingSystem: 'whmcs', billingUrl: 'https://billing.example.com/whmcs' };
    expect(failure({ ...REQUIRED_CONTEXT, ...twoCurrencies, ...whmcs })).toBe('Invalid CDK context: billingCurrency: required with billingSystem whmcs: tokenRates has several currencies (EUR, USD)');
    expect(parseInfraConfig({ ...twoCurrencies, ...whmcs, billingCurrency: 'EUR' }).billingCurrency).toBe('EUR');
    expect(parseInfraConfig(twoCurrencies).billingCurrency).toBeUndefined();
    expect(parseInfraConfig(whmcs).billingCurrency).toBeUndefined();
    expect(failure({ ...REQUIRED_CONTEXT, ...twoCurrencies, ...whmcs, billingCurrency: 'GBP' })).toContain('billingCurrency: GBP is not a currency of tokenRates (EUR, USD)');
  });

  it("reports every key's problem at once, on one line (checks across keys once every key is valid)", () => {
    const message = failure({ solusoUrl: 'https://x.example.com', stage: 'Prod!', logRetentionDays: 31 });
    expect(message.split('\n')).toHaveLength(1);
    for (const part of ['solusoUrl: unknown key', 'solusioUrl: required', 'stage:', 'logRetentionDays:']) expect(message).toContain(part);
  });

  it('takes pushHoldGapHours as whole hours from 1 to 744 (a cdk.json number or a -c string), default 6', () => {
    expect([parseInfraConfig({}).pushHoldGapHours, parseInfraConfig({ pushHoldGapHours: 12 }).pushHoldGapHours, parseInfraConfig({ pushHoldGapHours: '744' }).pushHoldGapHours]).toEqual([6, 12, 744]);
    for (const hours of [0, '1.5', 745, 'six']) expect(failure({ ...REQUIRED_CONTEXT, pushHoldGapHours: hours })).toContain('pushHoldGapHours:');
  });

  it('takes egress lambda (the default) or nat', () => {
    expect(parseInfraConfig({}).egress).toBe('lambda');
    expect(parseInfraConfig({ egress: 'nat' }).egress).toBe('nat');
    expect(failure({ ...REQUIRED_CONTEXT, egress: 'vpc' })).toContain('egress:');
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
    expect(infra.pushHoldGapHours).toBe(runtime.pushHoldGapHours);
    expect(runtime.snapshotDeadlineSeconds).toBe(CONFIG_DEFAULTS.snapshotDeadlineSeconds);
    expect(infra.solusioTokenSecretName).toBe(CONFIG_DEFAULTS.solusioTokenSecretName);
    expect(JSON.parse(infra.solusioBackupSchedule)).toEqual(runtime.solusioBackupSchedule);
    expect(infra.scheduleRates).toEqual(Object.fromEntries(SCHEDULE_DEFINITIONS.map((definition) => [definition.name, definition.everyMinutes])));
  });
});
