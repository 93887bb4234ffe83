type LambdaConfigModule = typeof import('../../../../functions/lib/lambdaConfig');

/** A fresh copy of a module and its imports (the parsed configuration is cached per process; ConfigError is the copy's own class). */
function fresh<T extends object>(path: string): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<T>(path);
  });
  if (loaded === undefined) throw new Error(`could not load ${path}`);
  return loaded;
}

describe('lambdaConfig', () => {
  it('writes one JSON line naming the bad variable and rethrows', () => {
    // Prepare
    const { lambdaConfig } = fresh<LambdaConfigModule>('../../../../functions/lib/lambdaConfig');
    const lines: string[] = [];

    // Act
    const act = () => lambdaConfig({ TABLE_NAME: 'bridge', GAP_TOLERANCE_MINUTES: 'soon' }, (line) => lines.push(line));

    // Assess
    expect(act).toThrow(/^Invalid configuration: GAP_TOLERANCE_MINUTES: /);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual(['level', 'message']);
    expect(entry['level']).toBe('error');
    expect(entry['message']).toMatch(/^Invalid configuration: GAP_TOLERANCE_MINUTES: /);
  });

  it('parses once and answers the same frozen configuration afterwards', () => {
    const { lambdaConfig } = fresh<LambdaConfigModule>('../../../../functions/lib/lambdaConfig');
    const lines: string[] = [];
    const first = lambdaConfig({ TABLE_NAME: 'bridge' }, (line) => lines.push(line));
    expect(lambdaConfig({}, (line) => lines.push(line))).toBe(first);
    expect(first.tableName).toBe('bridge');
    expect(lines).toEqual([]);
  });
});

describe('a Lambda entry module', () => {
  const saved = { ...process.env };
  let written: string[];
  let write: jest.SpyInstance;

  beforeEach(() => {
    written = [];
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    write.mockRestore();
    process.env = { ...saved };
  });

  it.each(['functions/http/usage', 'functions/scheduled/snapshotServers', 'functions/http/openapi'])(
    '%s fails its cold start on Lambda with one error line when a setting is bad',
    (entry) => {
      process.env = { ...saved, AWS_LAMBDA_FUNCTION_NAME: 'bridge-fn', TABLE_NAME: 'bridge', TOKEN_RATES: '{"USD":"-1"}' };
      expect(() => fresh<object>(`../../../../${entry}`)).toThrow(/^Invalid configuration: TOKEN_RATES: /);
      expect(written).toHaveLength(1);
      expect(JSON.parse(written[0] ?? '')).toEqual({ level: 'error', message: expect.stringMatching(/^Invalid configuration: TOKEN_RATES: /) });
    },
  );

  it('names a missing required variable', () => {
    process.env = { ...saved, AWS_LAMBDA_FUNCTION_NAME: 'bridge-fn' };
    delete process.env['TABLE_NAME'];
    expect(() => fresh<object>('../../../../functions/http/health')).toThrow(/^Invalid configuration: TABLE_NAME: /);
    expect(JSON.parse(written[0] ?? '')).toEqual({ level: 'error', message: expect.stringMatching(/^Invalid configuration: TABLE_NAME: /) });
  });

  it('starts with a good configuration, and outside Lambda importing it does nothing', () => {
    process.env = { ...saved, AWS_LAMBDA_FUNCTION_NAME: 'bridge-fn', TABLE_NAME: 'bridge' };
    expect(fresh<{ handler: unknown }>('../../../../functions/http/health').handler).toEqual(expect.any(Function));
    process.env = { ...saved, TOKEN_RATES: 'not json' };
    delete process.env['AWS_LAMBDA_FUNCTION_NAME'];
    expect(fresh<{ handler: unknown }>('../../../../functions/http/health').handler).toEqual(expect.any(Function));
    expect(written).toEqual([]);
  });
});
