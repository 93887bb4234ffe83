import { ApiError, apiClient, type Api } from '../../../console/src/api';
import { decimal, minorDigits } from '../../../console/src/format';
import { waitForPush } from '../../../console/src/reconciliation';
import { CURRENCY_MINOR_DIGITS, DEFAULT_MINOR_DIGITS } from '../../../shared/billing/constants';

describe('console API client', () => {
  const answer = (status: number, body: unknown) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  let fetchSpy: jest.SpyInstance;
  afterEach(() => fetchSpy.mockRestore());

  async function failureOf(status: number, body: unknown): Promise<{ error: ApiError; refused: number }> {
    fetchSpy = jest.spyOn(globalThis, 'fetch').mockResolvedValue(answer(status, body));
    let refused = 0;
    const api = apiClient('sbb_key', () => (refused += 1));
    const error = await api.get('/v1/runs').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    if (!(error instanceof ApiError)) throw new Error('expected an ApiError');
    return { error, refused };
  }

  it("treats the bridge's 401 and API Gateway's own 403 (its authorizer denied the key) as a refused key", async () => {
    await expect(failureOf(401, { error: { code: 'unauthorized', message: 'no' } })).resolves.toMatchObject({ error: { status: 401, code: 'unauthorized' }, refused: 1 });
    await expect(failureOf(403, { message: 'Forbidden' })).resolves.toMatchObject({ error: { status: 403, code: 'http_403' }, refused: 1 });
  });

  it("keeps the key on the bridge's own 403 (a scope it lacks) and on a server error", async () => {
    await expect(failureOf(403, { error: { code: 'forbidden', message: 'needs admin' } })).resolves.toMatchObject({ error: { code: 'forbidden', message: 'needs admin' }, refused: 0 });
    await expect(failureOf(503, '<html>busy</html>')).resolves.toMatchObject({ error: { status: 503, code: 'http_503' }, refused: 0 });
  });

  it('sends the key in the Authorization header only, never in the URL, and no cookie', async () => {
    fetchSpy = jest.spyOn(globalThis, 'fetch').mockResolvedValue(answer(200, { runs: [] }));
    await apiClient('sbb_secret', () => undefined).get('/v1/runs?limit=1');
    const [url, init] = fetchSpy.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/v1/runs?limit=1');
    expect(init).toMatchObject({ method: 'GET', credentials: 'omit', headers: { authorization: 'Bearer sbb_secret' } });
  });
});

describe('console money', () => {
  it("counts each currency's minor digits as the billing engine does (ISO 4217), not as the browser's Intl writes them", () => {
    for (const [currency, digits] of Object.entries(CURRENCY_MINOR_DIGITS)) expect([currency, minorDigits(currency)]).toEqual([currency, digits]);
    expect(minorDigits('XYZ')).toBe(DEFAULT_MINOR_DIGITS);
    // Intl writes HUF without decimals; the bridge's integer money is in fillér.
    expect(decimal(123456, 'HUF')).toBe('1234.56');
    expect(decimal(1234, 'KWD')).toBe('1.234');
  });
});

describe('waiting for a push', () => {
  const run = (state: 'running' | 'done', startedAt: string | null, finishedAt: string | null) => ({ state, startedAt, finishedAt });
  const apiAnswering = (runs: ReturnType<typeof run>[]): Api & { reads: number } => {
    const api = {
      reads: 0,
      get: <T>() => Promise.resolve({ run: runs[Math.min(api.reads++, runs.length - 1)] } as T),
      post: () => Promise.reject(new Error('not used')),
    };
    return api;
  };
  const wait = { sleep: () => Promise.resolve(), attempts: 5, intervalMs: 0 };
  const before = run('done', '2026-12-01T02:00:00.000Z', '2026-12-01T02:00:00.000Z');

  it('waits past the earlier push and one that runs, until a newer one has finished', async () => {
    const api = apiAnswering([before, run('running', '2026-12-01T03:00:00.000Z', null), run('done', '2026-12-01T03:00:00.000Z', '2026-12-01T03:00:01.000Z')]);
    await expect(waitForPush(api, '2026-11', before, wait)).resolves.toBe(true);
    expect(api.reads).toBe(3);
  });

  it('gives up after its attempts, saying the push did not finish', async () => {
    const api = apiAnswering([run('running', '2026-12-01T03:00:00.000Z', null)]);
    await expect(waitForPush(api, '2026-11', before, wait)).resolves.toBe(false);
    expect(api.reads).toBe(5);
  });
});
