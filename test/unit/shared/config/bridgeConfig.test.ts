import { ConfigError, parseConfig } from '../../../../shared/config';

describe('parseConfig', () => {
  const minimal = { TABLE_NAME: 'bridge' };

  it('fills the documented defaults', () => {
    const config = parseConfig(minimal);
    expect(config).toMatchObject({
      stage: 'local',
      tableName: 'bridge',
      tokenRates: { USD: '0.001' },
      billSuspendedTime: false,
      gapToleranceMinutes: 15,
      closeGraceMinutes: 120,
      suspectMinServers: 3,
      suspectPercent: 20,
      snapshotDeadlineSeconds: 240,
    });
    expect(config.billingStart).toBeUndefined();
  });

  it('reads every variable it is given', () => {
    const config = parseConfig({
      ...minimal,
      TOKEN_RATES: '{"USD":"0.001","EUR":"0.00091"}',
      BILL_SUSPENDED_TIME: 'true',
      BILLING_START: '2026-11-01T00:00:00Z',
      SOLUSIO_URL: 'http://127.0.0.1:4010/api/v1',
      CLOSE_GRACE_MINUTES: '60',
    });
    expect(config.tokenRates).toEqual({ USD: '0.001', EUR: '0.00091' });
    expect(config.billSuspendedTime).toBe(true);
    expect(config.billingStart).toBe('2026-11-01T00:00:00Z');
    expect(config.solusioUrl).toBe('http://127.0.0.1:4010/api/v1');
    expect(config.closeGraceMinutes).toBe(60);
  });

  it('reads the backup schedule of servers created with backups from SOLUSIO_BACKUP_SCHEDULE, daily at 00:00 by default', () => {
    expect(parseConfig(minimal).solusioBackupSchedule).toEqual({ type: 'daily', time: { hour: 0, minutes: 0 } });
    expect(parseConfig({ ...minimal, SOLUSIO_BACKUP_SCHEDULE: '{"type":"monthly","time":{"hour":23,"minutes":45},"days":[1,15]}' }).solusioBackupSchedule).toEqual({
      type: 'monthly',
      time: { hour: 23, minutes: 45 },
      days: [1, 15],
    });
  });

  it.each([
    ['not JSON', 'daily'],
    ['an unknown type', '{"type":"hourly","time":{"hour":0,"minutes":0}}'],
    ['an hour past 23', '{"type":"daily","time":{"hour":24,"minutes":0}}'],
    ['no time', '{"type":"daily"}'],
    ['a weekly schedule without days', '{"type":"weekly","time":{"hour":1,"minutes":0}}'],
    ['an unknown key', '{"type":"daily","time":{"hour":1,"minutes":0},"every":2}'],
  ])('rejects a backup schedule that is %s, naming SOLUSIO_BACKUP_SCHEDULE', (_case, schedule) => {
    expect(() => parseConfig({ ...minimal, SOLUSIO_BACKUP_SCHEDULE: schedule })).toThrow(/SOLUSIO_BACKUP_SCHEDULE/);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ ...minimal, BILLING_START: '' }).billingStart).toBeUndefined();
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseConfig(minimal))).toBe(true);
  });

  it.each([
    ['a missing table name', {}, /TABLE_NAME/],
    ['rates that are not JSON', { ...minimal, TOKEN_RATES: 'USD=1' }, /TOKEN_RATES.*JSON/],
    ['a rate that is not a decimal string', { ...minimal, TOKEN_RATES: '{"USD":"abc"}' }, /TOKEN_RATES/],
    ['a rate given as a number', { ...minimal, TOKEN_RATES: '{"USD":0.001}' }, /TOKEN_RATES/],
    ['a lowercase currency', { ...minimal, TOKEN_RATES: '{"usd":"0.001"}' }, /TOKEN_RATES/],
    ['no currency at all', { ...minimal, TOKEN_RATES: '{}' }, /TOKEN_RATES/],
    ['a flag that is not true/false', { ...minimal, BILL_SUSPENDED_TIME: 'yes' }, /BILL_SUSPENDED_TIME/],
    ['a billing start that is not UTC ISO-8601', { ...minimal, BILLING_START: '2026-11-01' }, /BILLING_START/],
    ['a non-numeric grace', { ...minimal, CLOSE_GRACE_MINUTES: 'soon' }, /CLOSE_GRACE_MINUTES/],
  ])('rejects %s, naming the variable', (_case, env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  describe('SOLUSIO_URL and BILLING_URL, checked at cold start rather than at the first call', () => {
    it.each([
      ['SOLUSIO_URL', 'http://127.0.0.1:4010/api/v1'],
      ['SOLUSIO_URL', 'https://solusio.example.com/api/v1'],
      ['BILLING_URL', 'https://billing.example.test/whmcs'],
      ['BILLING_URL', 'http://localhost:4020'],
    ])('accepts %s=%s', (variable, url) => {
      expect(() => parseConfig({ ...minimal, [variable]: url })).not.toThrow();
    });

    it.each([
      ['SOLUSIO_URL', 'solusio.example.com/api/v1'],
      ['SOLUSIO_URL', 'localhost:4010'],
      ['SOLUSIO_URL', 'ftp://solusio.example.com/api/v1'],
      ['SOLUSIO_URL', 'javascript:alert(1)'],
      ['SOLUSIO_URL', 'http://'],
      ['SOLUSIO_URL', 'http//solusio.example.com'],
      ['SOLUSIO_URL', 'file:///etc/passwd'],
      ['BILLING_URL', 'mailto:billing@example.test'],
      ['BILLING_URL', 'ws://billing.example.test'],
      ['BILLING_URL', 'https://exa mple.test'],
    ])('refuses %s=%s, naming the variable', (variable, url) => {
      const act = () => parseConfig({ ...minimal, [variable]: url });
      expect(act).toThrow(ConfigError);
      expect(act).toThrow(new RegExp(`^Invalid configuration: ${variable}: an http\\(s\\) URL`));
    });

    it('needs BILLING_URL with a billing system', () => {
      const act = () => parseConfig({ ...minimal, BILLING_SYSTEM: 'blesta' });
      expect(act).toThrow(ConfigError);
      expect(act).toThrow('Invalid configuration: BILLING_URL: required with BILLING_SYSTEM=blesta');
      expect(parseConfig({ ...minimal, BILLING_SYSTEM: 'none' }).billingUrl).toBeUndefined();
    });
  });

  it.each(['1999-12-31T23:00:00Z', '3000-01-01T00:00:00Z'])('refuses a BILLING_START outside the periods (%s)', (start) => {
    expect(() => parseConfig({ ...minimal, BILLING_START: start })).toThrow(/BILLING_START/);
  });
});
