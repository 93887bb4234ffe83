import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../../../shared/async';
import { DynamoServiceStore, type ServiceRecord } from '../../../shared/provisioning';
import { createTestTable, type TestTable } from '../../support/testTable';

const record: ServiceRecord = {
  serviceRef: 'S1',
  installation: 'default',
  state: 'active',
  billingMode: 'prepaid',
  requestHash: 'h',
  customer: { email: 'x@example.test', billingClientId: 1 },
  planId: 1,
  hostname: 'h.example.test',
  claimedAt: '2026-11-03T10:00:00.000Z',
  claimWallMs: 0,
  attemptId: 'a1',
  serverId: 7,
  createdAt: '2026-11-03T10:00:00.000Z',
  updatedAt: '2026-11-03T10:00:00.000Z',
  version: 0,
};

/** The conditions the provisioning state machines rest on, against DynamoDB Local. */
describe('DynamoServiceStore conditions', () => {
  let table: TestTable;
  let store: DynamoServiceStore;

  beforeAll(async () => {
    table = await createTestTable();
    store = new DynamoServiceStore(table.db, table.tableName);
  }, 60_000);

  afterAll(async () => {
    await table?.drop();
  });

  it('gives a server one owner: a second service is refused and told who owns it', async () => {
    expect(await store.claimServer('default', 7, 'S1')).toEqual({ owned: true });
    expect(await store.claimServer('default', 7, 'S1')).toEqual({ owned: true });
    expect(await store.claimServer('default', 7, 'S2')).toEqual({ owned: false, owner: 'S1' });
    // The installation is part of the key: server 7 of another installation is another server.
    expect(await store.claimServer('eu', 7, 'S2')).toEqual({ owned: true });
    expect(await store.ownerOf('default', 7)).toBe('S1');
  });

  it('replaces only the version read, never a terminated service, and removes only the version read', async () => {
    await store.claim({ ...record, serviceRef: 'R1' });
    const stored = await store.get('R1');
    if (!stored) throw new Error('not stored');
    expect(await store.replace(stored, { ...stored, state: 'terminated' })).toBe(true);
    const terminated = (await store.get('R1')) as ServiceRecord;
    expect(terminated).toMatchObject({ state: 'terminated', version: 1 });
    expect(await store.replace(stored, { ...stored, state: 'suspended' })).toBe(false);
    expect(await store.replace(terminated, { ...terminated, state: 'active' })).toBe(false);
    expect(await store.remove(terminated)).toBe(false);

    await store.claim({ ...record, serviceRef: 'R2' });
    const second = (await store.get('R2')) as ServiceRecord;
    expect(await store.remove({ ...second, version: 5 })).toBe(false);
    expect(await store.remove(second)).toBe(true);
    expect(await store.get('R2')).toBeUndefined();
  });

  it('reads a record from before installations and markers as the default installation without a marker', async () => {
    const legacy: Record<string, unknown> = { ...record, serviceRef: 'L1' };
    delete legacy['installation'];
    delete legacy['attemptId'];
    await store.claim(legacy as unknown as ServiceRecord);
    expect(await store.get('L1')).toMatchObject({ installation: 'default', attemptId: '' });
  });

  it('lets one retry take over a stale idempotency claim, and only the holder\'s token complete or free it', async () => {
    expect(await store.claimIdempotency('s', 'k', 'h', 1000, 'first')).toBe(true);
    const stale = await store.getIdempotency('s', 'k');
    if (!stale) throw new Error('no claim');
    expect(await store.takeOverIdempotency('s', 'k', stale, 1200, 'second')).toBe(true);
    expect(await store.takeOverIdempotency('s', 'k', stale, 1200, 'third')).toBe(false);
    expect(await store.completeIdempotency('s', 'k', 'first', { statusCode: 202, body: 'old' })).toBe(false);
    expect(await store.releaseIdempotency('s', 'k', 'first')).toBe(false);
    expect(await store.completeIdempotency('s', 'k', 'second', { statusCode: 202, body: 'new' })).toBe(true);
    expect(await store.getIdempotency('s', 'k')).toMatchObject({ status: 'done', response: { body: 'new' }, token: 'second' });
    expect(await store.releaseIdempotency('s', 'k', 'second')).toBe(false);
  });

  it('spreads the prepaid servers over 64 items, so the set never grows toward 400 KB, and still reads the one item older versions wrote', async () => {
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'PREPAID', sk: 'SERVERS', kind: 'prepaidServers', serverIds: new Set([100_001, 100_002]) } }));
    const ids = Array.from({ length: 320 }, (_, index) => index + 1);

    await mapWithConcurrency(ids, 16, (id) => store.addPrepaidServer(id));

    expect([...(await store.prepaidServers())].sort((a, b) => a - b)).toEqual([...ids, 100_001, 100_002]);
    const { Items } = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'PREPAID' } }));
    const shards = (Items ?? []).filter((item) => item['sk'] !== 'SERVERS');
    expect([shards.length, Math.max(...shards.map((item) => (item['serverIds'] as Set<number>).size))]).toEqual([64, 5]);
  }, 60_000);

  it('keeps the metered servers in sets of their own, apart from the prepaid ones', async () => {
    await store.addPrepaidServer(900_007);
    await mapWithConcurrency([900_065, 900_001, 900_065, 900_002], 4, (id) => store.addMeteredServer(id));

    expect([...(await store.meteredServers())].sort((a, b) => a - b)).toEqual([900_001, 900_002, 900_065]);
    const prepaid = await store.prepaidServers();
    expect([prepaid.has(900_007), prepaid.has(900_001), prepaid.has(900_065)]).toEqual([true, false, false]);
  });
});
