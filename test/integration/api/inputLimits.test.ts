import type { RunningSimulator } from '../../../local/simulator';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY, type JsonReply } from '../../support/localStack';
import { SimClient } from '../simulator/helpers';
import { fleet, SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/**
 * Issue #22: input that used to reach a DynamoDB or calendar limit (a 500) is refused at the edge
 * with a 400 naming it. Periods run from 2000-01 to 2999-12 everywhere.
 */
const cursorOf = (after: unknown): string => Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');

describe('input that would reach a store limit is refused with a 400 (issue #22)', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger() });
    // An aggregated open period: a usage or invoice read of it reaches its Query (an empty one answers before).
    const sim = new SimClient(stack.simulator as RunningSimulator);
    await sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(3, '2026-11-01T00:00:00Z') });
    await sim.setClock('2026-11-03T10:05:00Z');
    for (const [name, time] of [['snapshot-servers', '2026-11-03T10:05:00Z'], ['aggregate-usage', '2026-11-03T10:10:00Z']]) {
      expect((await requestJson(`${stack.apiUrl}/_local/invoke/${name}`, { method: 'POST', body: { time } })).status).toBe(200);
    }
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const get = (path: string): Promise<JsonReply> => requestJson(`${stack.apiUrl}${path}`, { headers: bearer(TEST_ADMIN_KEY) });
  const post = (path: string, body?: unknown): Promise<JsonReply> => requestJson(`${stack.apiUrl}${path}`, { method: 'POST', headers: bearer(TEST_ADMIN_KEY), ...(body === undefined ? {} : { body }) });
  const error = (code: string, mentioning: string) => ({ error: { code, message: expect.stringContaining(mentioning) } });

  it.each([
    ['POST', '/v1/periods/9999-12/close'],
    ['POST', '/v1/periods/3000-01/close'],
    ['POST', '/v1/periods/1999-12/close'],
    ['GET', '/v1/periods/9999-12'],
    ['GET', '/v1/periods/1999-12/invoices'],
    ['GET', '/v1/usage?period=9999-12'],
    ['GET', '/v1/usage?period=1970-01'],
    ['GET', '/v1/servers/1/history?period=9999-12'],
    ['GET', '/v1/periods/9999-12/pushes'],
    ['POST', '/v1/periods/9999-12/push'],
  ])('%s %s: 400 invalid_period (periods run from 2000-01 to 2999-12)', async (method, path) => {
    const reply = method === 'GET' ? await get(path) : await post(path, path.endsWith('/push') ? { dryRun: true } : undefined);
    expect([reply.status, reply.json]).toEqual([400, error('invalid_period', '2000-01 to 2999-12')]);
  });

  it('answers the last period\'s close with not due (its end is an instant like any other)', async () => {
    const reply = await post('/v1/periods/2999-12/close');
    expect([reply.status, (reply.json as { error: { code: string } }).error.code]).toEqual([409, 'not_due']);
  });

  it.each([
    ['a key of 1,100 characters', cursorOf('x'.repeat(1_100))],
    ['an empty key', cursorOf('')],
    ['a key that is not a string', cursorOf(7)],
    ['a key with a control character', cursorOf('1001\u0000')],
    ['not base64url', 'nonsense!'],
    ['not JSON', Buffer.from('{after', 'utf8').toString('base64url')],
    ['a cursor of 5,000 characters', 'A'.repeat(5_000)],
  ])('a cursor with %s: 400 invalid_cursor', async (_case, cursor) => {
    const reply = await get(`/v1/usage?period=2026-11&cursor=${cursor}`);
    expect([reply.status, reply.json]).toEqual([400, error('invalid_cursor', 'cursor')]);
  });

  const positionOf = (position: unknown): string => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

  it.each([
    ['/v1/services', 'a table key of 3,000 characters', positionOf({ pk: 'SERVICE#'.padEnd(3_000, 'x'), sk: 'SERVICE' })],
    ['/v1/services', 'a key without its sort key', positionOf({ pk: 'SERVICE#1' })],
    ['/v1/services', 'a cursor of 5,000 characters', 'A'.repeat(5_000)],
    ['/v1/runs', 'a time that is not an instant', positionOf({ t: 'yesterday', i: 'default' })],
    ['/v1/runs', 'a time in year 9999', positionOf({ t: '9999-12-31T23:00:00Z', i: 'default' })],
    ['/v1/runs', 'an unknown field', positionOf({ t: '2026-11-03T10:05:00Z', i: 'default', x: 1 })],
  ])('%s with a cursor holding %s: 400 invalid_cursor', async (path, _case, cursor) => {
    const reply = await get(`${path}?cursor=${cursor}`);
    expect([reply.status, reply.json]).toEqual([400, error('invalid_cursor', 'cursor')]);
  });

  it.each([
    ['/v1/usage?period=2026-11&customer='],
    ['/v1/periods/2026-11/invoices?customer='],
    ['/v1/periods/2026-11/pushes?customer='],
  ])('%s with a customer of 3,000 characters: 400 invalid_parameter', async (path) => {
    const reply = await get(`${path}${'c'.repeat(3_000)}`);
    expect([reply.status, reply.json]).toEqual([400, error('invalid_parameter', 'customer')]);
  });

  it.each([
    ['snapshot-servers', { time: '9999-12-31T23:00:00Z' }],
    ['aggregate-usage', { time: '3000-01-01T00:00:00Z' }],
    ['close-period', { time: '2026-12-01T03:00:00Z', period: '9999-12' }],
    ['close-period', { time: '1999-12-31T23:00:00Z' }],
  ])('%s with %j: 400 invalid_event', async (name, event) => {
    const reply = await requestJson(`${stack.apiUrl}/_local/invoke/${name}`, { method: 'POST', body: event });
    expect([reply.status, (reply.json as { error: { code: string } }).error.code]).toEqual([400, 'invalid_event']);
  });
});
