import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { RunningDynamoDb } from '../../../local/dynamodb/startDynamoDbLocal';
import { startSimulator, type RunningSimulator } from '../../../local/simulator';
import { createDocumentClient } from '../../../shared/storage';
import { requestJson, startTestDynamoDb, startTestStack } from '../../support/localStack';

describe('local stack with DYNAMODB_ENDPOINT and SOLUSIO_URL set', () => {
  let dynamoDb: RunningDynamoDb;
  let simulator: RunningSimulator;

  beforeAll(async () => {
    dynamoDb = await startTestDynamoDb();
    simulator = await startSimulator(0, { seed: 'empty' });
  }, 60_000);

  afterAll(async () => {
    await simulator?.close();
    await dynamoDb?.stop();
  });

  it('uses the given DynamoDB and SolusIO instead of starting its own, and leaves them running when it stops', async () => {
    const stack = await startTestStack({ dynamoDbEndpoint: dynamoDb.endpoint, solusioUrl: `${simulator.url}/api/v1`, tableName: 'external-test' });
    try {
      expect(stack.simulator).toBeUndefined();
      expect(stack.dynamoDbEndpoint).toBe(dynamoDb.endpoint);
      expect(stack.simulatorUrl).toBe(`${simulator.url}/api/v1`);
      expect((await requestJson(`${stack.apiUrl}/v1/health`)).status).toBe(200);
    } finally {
      await stack.stop();
    }
    const db = createDocumentClient({ endpoint: dynamoDb.endpoint });
    try {
      const tables = await db.send(new ListTablesCommand({}));
      expect(tables.TableNames).toContain('external-test');
    } finally {
      db.destroy();
    }
    expect((await requestJson(`${simulator.url}/_sim/clock`)).status).toBe(200);
  }, 60_000);

  it('creates the table only once when started twice on the same DynamoDB', async () => {
    const first = await startTestStack({ dynamoDbEndpoint: dynamoDb.endpoint, solusioUrl: `${simulator.url}/api/v1`, tableName: 'twice' });
    await first.stop();
    const second = await startTestStack({ dynamoDbEndpoint: dynamoDb.endpoint, solusioUrl: `${simulator.url}/api/v1`, tableName: 'twice' });
    try {
      expect((await requestJson(`${second.apiUrl}/v1/health`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
