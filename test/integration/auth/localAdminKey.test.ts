import { dropTable, requestJson, startTestStack, bearer, TEST_ADMIN_KEY } from '../../support/localStack';
import { sharedDynamoDbEndpoint, uniqueTableName } from '../../support/sharedDynamoDb';

describe('the local stack\'s admin key on a table that outlives the stack', () => {
  const tableName = uniqueTableName();

  afterAll(async () => {
    const endpoint = sharedDynamoDbEndpoint();
    if (endpoint) await dropTable(endpoint, tableName);
  });

  const listKeys = async (apiUrl: string) =>
    ((await requestJson(`${apiUrl}/v1/keys`, { headers: bearer(TEST_ADMIN_KEY) })).json as { keys: { id: string; name: string }[] }).keys;

  it('keeps the stored key on a restart, and refuses to start with it once revoked', async () => {
    const first = await startTestStack({ tableName });
    let adminId = '';
    try {
      const listed = await listKeys(first.apiUrl);
      expect(listed.map((key) => key.name)).toEqual(['local-admin']);
      adminId = listed[0]?.id ?? '';
    } finally {
      await first.stop();
    }

    const second = await startTestStack({ tableName });
    try {
      expect((await listKeys(second.apiUrl)).map((key) => key.id)).toEqual([adminId]);
      expect((await requestJson(`${second.apiUrl}/v1/keys/${adminId}`, { method: 'DELETE', headers: bearer(TEST_ADMIN_KEY) })).status).toBe(204);
      expect((await requestJson(`${second.apiUrl}/v1/keys`, { headers: bearer(TEST_ADMIN_KEY) })).status).toBe(401);
    } finally {
      await second.stop();
    }

    await expect(startTestStack({ tableName })).rejects.toThrow(/admin API key \(test-adm\.\.\.\) was revoked .*BRIDGE_ADMIN_KEY/);
  }, 60_000);
});
