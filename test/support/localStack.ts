import { DeleteTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal, type RunningDynamoDb } from '../../local/dynamodb/startDynamoDbLocal';
import { freePort } from '../../local/ports';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack';
import { createDocumentClient } from '../../shared/storage';
import { sharedDynamoDbEndpoint, uniqueTableName } from './sharedDynamoDb';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';

/**
 * Starts the whole local stack in this process on free ports, with the defaults integration tests
 * want: no timers (time moves only when a test says so), an empty simulator, pages of 2.
 *
 * DynamoDB: the run's shared DynamoDB Local (TEST_DYNAMODB_ENDPOINT) with a table of its own, which
 * `stop()` drops. Without that variable (bench, or `dynamoDbEndpoint: undefined` given explicitly)
 * the stack starts its own DynamoDB Local on a free port, as `npm start` does.
 */
export async function startTestStack(overrides: Partial<LocalStackOptions> = {}): Promise<LocalStack> {
  const dynamoDbEndpoint = 'dynamoDbEndpoint' in overrides ? overrides.dynamoDbEndpoint : sharedDynamoDbEndpoint();
  const tableName = overrides.tableName ?? uniqueTableName();
  const stack = await startLocalStack({
    port: 0,
    simPort: 0,
    dynamoDbPort: dynamoDbEndpoint ? 0 : await freePort(),
    adminKey: TEST_ADMIN_KEY,
    schedules: false,
    seed: 'empty',
    simPageSize: 2,
    ...overrides,
    dynamoDbEndpoint,
    tableName,
  });
  // A table this helper named on a DynamoDB that outlives the stack: drop it, so a long run (or a
  // DynamoDB the developer keeps running) does not pile up tables. A given name is the test's own.
  if (!dynamoDbEndpoint || overrides.tableName !== undefined) return stack;
  let dropped = false;
  return {
    ...stack,
    stop: async () => {
      await stack.stop();
      if (dropped) return;
      dropped = true;
      await dropTable(dynamoDbEndpoint, tableName);
    },
  };
}

/** Deletes a table; one already gone is fine (a test may have dropped it itself). */
export async function dropTable(endpoint: string, tableName: string): Promise<void> {
  const db = createDocumentClient({ endpoint });
  try {
    await db.send(new DeleteTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  } finally {
    db.destroy();
  }
}

/**
 * DynamoDB Local alone on a free port, in a JVM of its own: for tests about starting or reaching a
 * DynamoDB. Repository tests want `createTestTable()` (test/support/testTable.ts) instead.
 */
export async function startTestDynamoDb(): Promise<RunningDynamoDb> {
  return startDynamoDbLocal(await freePort());
}

export interface JsonReply {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
}

/** A fetch that always returns the parsed JSON body (or the text when it is not JSON). */
export async function requestJson(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonReply> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    // not JSON: keep the text, the test will say so
  }
  return { status: response.status, headers: response.headers, json };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
