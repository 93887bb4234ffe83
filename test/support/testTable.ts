import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createTableInput } from '../../shared/storage';
import { dropTable, startTestDynamoDb } from './localStack';
import { sharedDynamoDbEndpoint, uniqueTableName } from './sharedDynamoDb';

export interface TestTable {
  /** A document client configured like the bridge's (createDocumentClient). */
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly endpoint: string;
  /** Deletes the table and closes the client (and stops DynamoDB Local if this call started it). */
  drop(): Promise<void>;
}

/**
 * A new, empty table of the bridge's shape (createTableInput) on the run's shared DynamoDB Local,
 * for repository-level integration tests: create it in `beforeAll` or `beforeEach`, drop it after.
 * Outside the integration project (no TEST_DYNAMODB_ENDPOINT) it starts a DynamoDB Local of its
 * own, so a test still runs when started some other way.
 */
export async function createTestTable(): Promise<TestTable> {
  const shared = sharedDynamoDbEndpoint();
  const own = shared ? undefined : await startTestDynamoDb();
  const endpoint = shared ?? own?.endpoint ?? '';
  const tableName = uniqueTableName();
  const db = createDocumentClient({ endpoint });
  try {
    await db.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    db.destroy();
    await own?.stop();
    throw error;
  }
  let dropped = false;
  return {
    db,
    tableName,
    endpoint,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      db.destroy();
      if (own) await own.stop(); // the whole in-memory DynamoDB goes, table included
      else await dropTable(endpoint, tableName);
    },
  };
}
