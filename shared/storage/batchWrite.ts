import { BatchWriteCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency, RetryableError, withRetries } from '../async';

type Item = Record<string, unknown>;
export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

/** DynamoDB's limit of requests in one BatchWriteItem. */
export const BATCH_WRITE_LIMIT = 25;
/** Batches in flight at once: DynamoDB spreads them over partitions. */
const BATCHES_IN_FLIGHT = 8;

/**
 * Writes any number of puts and deletes, 25 to a BatchWriteItem, a few batches in flight; what
 * DynamoDB leaves unprocessed is sent again with backoff (`withRetries`). Not atomic: each request
 * must be safe to apply on its own and to repeat.
 */
export async function batchWriteAll(db: DynamoDBDocumentClient, tableName: string, requests: readonly WriteRequest[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let index = 0; index < requests.length; index += BATCH_WRITE_LIMIT) batches.push(requests.slice(index, index + BATCH_WRITE_LIMIT));
  await mapWithConcurrency(batches, BATCHES_IN_FLIGHT, async (batch) => {
    let pending = batch;
    await withRetries(
      async () => {
        const reply: BatchWriteCommandOutput = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (reply.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
        if (pending.length > 0) throw new RetryableError(`${pending.length} writes unprocessed`);
      },
      { what: 'BatchWriteItem' },
    );
  });
}
