import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RetryableError, withRetries } from '../async';

type Item = Record<string, unknown>;

/** DynamoDB's limit of keys in one BatchGetItem. */
export const BATCH_GET_LIMIT = 100;

/**
 * Every item of `keys` that exists (absent ones are left out, order not kept), 100 keys to a
 * BatchGetItem; keys DynamoDB leaves unprocessed are asked for again with backoff (`withRetries`).
 */
export async function batchGetAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Item[],
  options: { consistent?: boolean; projection?: string } = {},
): Promise<Item[]> {
  const found: Item[] = [];
  for (let index = 0; index < keys.length; index += BATCH_GET_LIMIT) {
    let requested = keys.slice(index, index + BATCH_GET_LIMIT);
    await withRetries(
      async () => {
        const reply: BatchGetCommandOutput = await db.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: requested,
                ...(options.consistent ? { ConsistentRead: true } : {}),
                ...(options.projection === undefined ? {} : { ProjectionExpression: options.projection }),
              },
            },
          }),
        );
        found.push(...(reply.Responses?.[tableName] ?? []));
        requested = reply.UnprocessedKeys?.[tableName]?.Keys ?? [];
        if (requested.length > 0) throw new RetryableError(`${requested.length} keys unprocessed`);
      },
      { what: 'BatchGetItem' },
    );
  }
  return found;
}
