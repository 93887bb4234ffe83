import { startDynamoDbLocal, type RunningDynamoDb } from '../../local/dynamodb/startDynamoDbLocal';
import { freePort } from '../../local/ports';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';

/**
 * Starts the whole local stack in this process on free ports, with the defaults integration tests
 * want: no timers (time moves only when a test says so), an empty simulator, pages of 2.
 */
export async function startTestStack(overrides: Partial<LocalStackOptions> = {}): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    simPort: 0,
    dynamoDbPort: overrides.dynamoDbEndpoint ? 0 : await freePort(),
    adminKey: TEST_ADMIN_KEY,
    schedules: false,
    seed: 'empty',
    simPageSize: 2,
    ...overrides,
  });
}

/** DynamoDB Local alone on a free port, for repository tests. */
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
