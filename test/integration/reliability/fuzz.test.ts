import * as fc from 'fast-check';
import { httpRoutes, type HttpRoute } from '../../../functions/catalog';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';
import { scanTable, withoutLastUsed } from './replay';

/**
 * Issue #17, fuzzing every `/v1` route (functions/catalog.ts httpRoutes()) with fast-check: random
 * path parameters, query strings, headers and bodies (JSON of any shape, not JSON, huge, deeply
 * nested, valid bodies with random fields), sent with the admin key so they reach validation.
 * Every answer is below 500 and JSON; an answer of 400 or above leaves the table (bar the key's
 * last use) and SolusIO's write routes untouched.
 *
 * `npm test`: FUZZ_RUNS unset, 100 cases per route, seeded. `npm run fuzz`: FUZZ_RUNS=1000.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 100);
const SEED = Number(process.env['FUZZ_SEED'] ?? 17);
const EXISTING_REF = 'FUZZ-1';
/** Answers to well-formed requests that an Idempotency-Key keeps. */
const KEPT_STATUSES = [404, 409, 422];

interface FuzzCase {
  readonly params: readonly string[];
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/** Printable ASCII: what a header value may hold (fetch refuses the rest before sending). */
const headerValue = fc.string({ unit: 'grapheme-ascii', maxLength: 300 });
const anyText = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme-ascii', minLength: 500, maxLength: 5000 }));

/**
 * Values at the edges of what the stores hold (issue #22): periods whose end falls past the last
 * instant, keys longer than DynamoDB's key limits (2 KB partition, 1 KB sort).
 */
const EDGE_PERIODS = ['9999-12', '3000-01', '2999-12', '2000-01', '1999-12', '1970-01'];
const longKey = fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1_000, maxLength: 3_000 }), fc.string({ unit: 'grapheme', minLength: 300, maxLength: 800 }));
/** A cursor shaped like the API's (base64url JSON naming the last customer), naming anything at all. */
const craftedCursor = fc
  .oneof(longKey, anyText, fc.jsonValue({ maxDepth: 2 }))
  .map((after) => Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url'));

const paramValue = fc.oneof(
  { weight: 3, arbitrary: anyText },
  { weight: 1, arbitrary: longKey },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_PERIODS) },
  { weight: 2, arbitrary: fc.constantFrom('2026-11', '2026-13', '0000-01', EXISTING_REF, 'svc-1', '1', '0', '-1', '99999999999999999999', '2026-11-03T10:05:00Z', '2026-11-03T10:05:00+02:00', 'key_unknown', '..', '.', '%', '%00', 'null', 'undefined', '__proto__', 'constructor') },
);

const nested = (depth: number, open: string, close: string, inner = '1'): string => open.repeat(depth) + inner + close.repeat(depth);

/** A body shaped like the route's own, with any field replaced or added. */
function shapedBody(route: HttpRoute): fc.Arbitrary<string> {
  const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), anyText, fc.integer(), fc.double(), fc.constant(null));
  const fields: Record<string, fc.Arbitrary<unknown>> =
    route.routeKey === 'POST /v1/keys'
      ? { name: fc.oneof(anyText, anyValue), scopes: fc.oneof(fc.array(fc.constantFrom('admin', 'usage:read', 'provisioning', 'periods:write', 'root', '')), anyValue) }
      : route.routeKey === 'POST /v1/services'
        ? {
            serviceRef: fc.oneof(anyText, anyValue),
            customer: fc.oneof(fc.record({ email: fc.oneof(anyText, fc.constant('a@example.test')), billingClientId: fc.oneof(fc.integer(), anyValue) }), anyValue),
            planId: fc.oneof(fc.integer({ min: -2, max: 5 }), anyValue),
            locationId: fc.oneof(fc.integer({ min: -2, max: 3 }), anyValue),
            osImageId: fc.oneof(fc.integer({ min: -2, max: 3 }), anyValue),
            hostname: fc.oneof(anyText, anyValue),
            password: fc.oneof(anyText, anyValue),
            backups: fc.oneof(fc.boolean(), anyValue),
            additionalIps: fc.oneof(fc.integer({ min: -5, max: 100 }), anyValue),
            billingMode: fc.oneof(fc.constantFrom('prepaid', 'postpaid', 'free'), anyValue),
          }
        : route.routeKey === 'POST /v1/services/{ref}/change-plan'
          ? { planId: fc.oneof(fc.integer({ min: -2, max: 5 }), anyValue) }
          : route.routeKey === 'PATCH /v1/services/{ref}'
            ? { backups: fc.oneof(fc.boolean(), anyValue), hostname: fc.oneof(anyText, anyValue) }
            : route.routeKey === 'POST /v1/periods/{period}/push'
              ? { dryRun: fc.oneof(fc.boolean(), anyValue), repushMissing: fc.oneof(fc.boolean(), anyValue) }
              : { force: anyValue };
  return fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 10 }), anyValue, { maxKeys: 2 })).map(([known, extra]) => JSON.stringify({ ...extra, ...known }));
}

function bodyArbitrary(route: HttpRoute): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
    { weight: 4, arbitrary: shapedBody(route) },
    { weight: 2, arbitrary: anyText },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((depth) => nested(depth, '[', ']')) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((depth) => nested(depth, '{"a":', '}')) },
    { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 300_000 }).map((size) => JSON.stringify({ name: 'x'.repeat(size), scopes: Array.from({ length: 50 }, () => 'admin') })) },
  );
}

function caseArbitrary(route: HttpRoute): fc.Arbitrary<FuzzCase> {
  const paramCount = (route.path.match(/\{[^}]+\}/g) ?? []).length;
  const queryKey = fc.oneof(fc.constantFrom('period', 'customer', 'limit', 'cursor'), fc.string({ maxLength: 20 }));
  const queryValue = fc.oneof(fc.constantFrom('2026-11', '2026-1', '0', '1', '1000', '1001', '-1', '1e3', '', ...EDGE_PERIODS), anyText, longKey);
  // A crafted cursor or an outsized customer: what reaches a key when a route forgets to bound it.
  const keyedQuery = fc.oneof(fc.tuple(fc.constant('cursor'), craftedCursor), fc.tuple(fc.constant('customer'), longKey));
  return fc.record({
    params: fc.array(paramValue, { minLength: paramCount, maxLength: paramCount }),
    // Half the cases carry a well-formed period, so more of them get past the first check.
    query: fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(
            fc.option(fc.constantFrom<readonly [string, string]>(['period', '2026-11'], ['period', '2026-10'])),
            fc.array(fc.oneof({ weight: 3, arbitrary: fc.tuple(queryKey, queryValue) }, { weight: 1, arbitrary: keyedQuery }), { maxLength: 3 }),
          )
          .map(([period, rest]) => (period === null ? rest : [period, ...rest])),
      },
      // A well-formed period and only the crafted value, so it gets past every other check.
      { weight: 1, arbitrary: keyedQuery.map((keyed) => [['period', '2026-11'] as const, keyed]) },
    ),
    headers: fc.record(
      {
        'idempotency-key': fc.oneof({ weight: 3, arbitrary: fc.constantFrom('k-1', 'whmcs_42-retry') }, { weight: 1, arbitrary: headerValue }, { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(300)) }),
        'content-type': fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', ''),
        'x-forwarded-for': headerValue,
      },
      { requiredKeys: [] },
    ),
    body: bodyArbitrary(route),
  });
}

/** Lone surrogates replaced (URLSearchParams would otherwise do it, or throw). */
const wellFormed = (text: string): string => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** The URL of a case: each `{param}` percent-encoded (a lone surrogate cannot be: sent as-is, escaped). */
function urlOf(apiUrl: string, route: HttpRoute, fuzz: FuzzCase): string {
  let index = 0;
  const path = route.path.replace(/\{[^}]+\}/g, () => {
    const value = fuzz.params[index++] ?? '';
    try {
      return encodeURIComponent(value);
    } catch {
      return escape(value);
    }
  });
  const query = new URLSearchParams();
  for (const [key, value] of fuzz.query) query.append(wellFormed(key), wellFormed(value));
  const text = query.toString();
  return `${apiUrl}${path}${text ? `?${text}` : ''}`;
}


interface Tally {
  cases: number;
  byStatus: Record<number, number>;
}
export const FUZZ_TALLY: Record<string, Tally> = {};

describe(`reliability: fuzzing every /v1 route (${RUNS} cases each, seed ${SEED})`, () => {
  let stack: LocalStack;
  let h: SnapshotHarness;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), simPageSize: 100 });
    h = new SnapshotHarness(stack);
    await h.sim.reset(SNAPSHOT_FIXTURES);
    await h.sim.setClock('2026-11-03T10:00:00.000Z');
    const created = await requestJson(`${stack.apiUrl}/v1/services`, {
      method: 'POST',
      headers: bearer(TEST_ADMIN_KEY),
      body: { serviceRef: EXISTING_REF, customer: { email: 'fuzz@example.test', billingClientId: 77 }, planId: 1, locationId: 1, osImageId: 1, hostname: 'fuzz.example.test', password: 'correct-horse-battery', backups: false, additionalIps: 0, billingMode: 'postpaid' },
    });
    expect(created.status).toBe(202);
    // An aggregated open period, so a listing with a cursor or a customer reaches its Query.
    expect((await h.invoke('snapshot-servers', { time: '2026-11-03T10:05:00Z' })).status).toBe(200);
    expect((await h.invoke('aggregate-usage', { time: '2026-11-03T10:10:00Z' })).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    const total = Object.values(FUZZ_TALLY).reduce((sum, tally) => sum + tally.cases, 0);
    if (process.env['FUZZ_REPORT']) process.stdout.write(`${JSON.stringify({ runs: RUNS, seed: SEED, total, routes: FUZZ_TALLY })}\n`);
  });

  /** Requests to SolusIO's write routes so far (the simulator's own count). */
  const simWrites = async (): Promise<Record<string, number>> => {
    const stats = (await h.control('GET', 'stats')) as { requests: Record<string, number> };
    return Object.fromEntries(Object.entries(stats.requests).filter(([route]) => !route.startsWith('GET ')));
  };
  const simServers = async (): Promise<unknown> => (await h.sim.api('GET', 'servers')).body;

  it.each(httpRoutes().map((route) => [route.routeKey, route] as const))(
    '%s: never a 5xx, and rejected input changes nothing',
    async (routeKey, route) => {
      const tally: Tally = { cases: 0, byStatus: {} };
      FUZZ_TALLY[routeKey] = tally;
      let table = await scanTable(stack.db, stack.tableName, withoutLastUsed);
      let writes = await simWrites();
      let servers = await simServers();
      await fc.assert(
        fc.asyncProperty(caseArbitrary(route), async (fuzz) => {
          const reply = await requestJson(urlOf(stack.apiUrl, route, fuzz), {
            method: route.method,
            headers: { ...bearer(TEST_ADMIN_KEY), ...fuzz.headers },
            ...(fuzz.body === undefined || route.method === 'GET' ? {} : { body: fuzz.body }),
          });
          tally.cases += 1;
          tally.byStatus[reply.status] = (tally.byStatus[reply.status] ?? 0) + 1;
          expect(reply.status).toBeLessThan(500);
          const [tableAfter, writesAfter] = await Promise.all([scanTable(stack.db, stack.tableName, withoutLastUsed), simWrites()]);
          if (reply.status >= 400) {
            expect(reply.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
            // A well-formed request answered 404/409/422 keeps that answer under its Idempotency-Key
            // (architecture.md, "A 4xx answer is kept"): the only item it may add. Rejected input adds none.
            const kept = tableAfter.filter((item) => !table.some((before) => before['pk'] === item['pk'] && before['sk'] === item['sk']));
            const keepsAnswer = KEPT_STATUSES.includes(reply.status) && fuzz.headers['idempotency-key'] !== undefined;
            for (const item of kept) expect([keepsAnswer, String(item['pk']).startsWith('IDEMPOTENCY#'), (item['response'] as { statusCode?: number } | undefined)?.statusCode]).toEqual([true, true, reply.status]);
            expect(tableAfter.filter((item) => !kept.includes(item))).toEqual(table);
            expect(writesAfter).toEqual(writes);
            table = tableAfter;
          } else {
            // Accepted input may change things: the next case compares against the new state.
            table = tableAfter;
            writes = writesAfter;
            servers = await simServers();
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect(await simServers()).toEqual(servers);
      expect(tally.cases).toBe(RUNS);
    },
    Math.max(60_000, RUNS * 600),
  );
});
