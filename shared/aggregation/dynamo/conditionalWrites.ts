import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Period } from '../../billing';
import { RetriesExhaustedError, RetryableError, withRetries } from '../../async';
import { ConflictError } from '../../errors';
import type { WriteRequest } from '../../storage/batchWrite';
import { keys } from '../../storage/keys';

/** DynamoDB's limits of one TransactWriteItems: 100 items, 4 MB in all. */
export const TRANSACTION_LIMIT = 100;
/** Bytes (as JSON, which overstates DynamoDB's measure) a transaction's writes may add up to: one more 400 KB item stays under 4 MB. */
const TRANSACTION_MAX_BYTES = 3_500_000;
/** Tries of one transaction that keeps colliding with concurrent ones. */
const TRANSACTION_ATTEMPTS = 5;

/** The write, and whether its condition held (false: ConditionalCheckFailed; any other failure throws). */
export async function sendConditional(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Writes in chunks of at most 99 (room for the header's condition check) and TRANSACTION_MAX_BYTES,
 * in order.
 */
function transactionChunks(requests: readonly WriteRequest[]): WriteRequest[][] {
  const chunks: WriteRequest[][] = [];
  let chunk: WriteRequest[] = [];
  let bytes = 0;
  for (const request of requests) {
    const size = Buffer.byteLength(JSON.stringify(request));
    if (chunk.length > 0 && (chunk.length === TRANSACTION_LIMIT - 1 || bytes + size > TRANSACTION_MAX_BYTES)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(request);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** A condition on a period header's `#status` (and the values it names). */
export interface HeaderCondition {
  readonly expression: string;
  readonly values: Record<string, string>;
}

/**
 * Writes in transactions of up to 99 items plus a check of the period header's condition; a
 * refused check throws `refused()`. A transaction that collided with another one on the same items
 * is tried again (a few times).
 */
export async function writeUnderHeader(db: DynamoDBDocumentClient, tableName: string, period: Period, requests: readonly WriteRequest[], condition: HeaderCondition, refused: () => Error): Promise<void> {
  for (const chunk of transactionChunks(requests)) {
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: tableName,
            Key: keys.periodHeader(period),
            ConditionExpression: condition.expression,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: condition.values,
          },
        },
        ...chunk.map((request) => ('PutRequest' in request ? { Put: { TableName: tableName, Item: request.PutRequest.Item } } : { Delete: { TableName: tableName, Key: request.DeleteRequest.Key } })),
      ],
    });
    try {
      await withRetries(
        async () => {
          try {
            await db.send(command);
          } catch (error) {
            if (!(error instanceof TransactionCanceledException)) throw error;
            const reasons = error.CancellationReasons ?? [];
            if (reasons[0]?.Code !== 'ConditionalCheckFailed' && reasons.some((reason) => reason.Code === 'TransactionConflict')) {
              throw new RetryableError(`a transaction on ${period} collided with another`, { cause: error });
            }
            throw refused();
          }
        },
        { what: `writing into ${period}`, attempts: TRANSACTION_ATTEMPTS },
      );
    } catch (error) {
      throw error instanceof RetriesExhaustedError ? refused() : error;
    }
  }
}

/**
 * Writes in transactions that each check the period's header is still open, so nothing lands in
 * a period a concurrent close has frozen (ConflictError then: the caller's next run retries).
 */
export async function writeIntoOpenPeriod(db: DynamoDBDocumentClient, tableName: string, period: Period, requests: readonly WriteRequest[]): Promise<void> {
  // `open` only: a period a close holds (`closing`) has read its adjustments already.
  await writeUnderHeader(db, tableName, period, requests, { expression: '#status = :open', values: { ':open': 'open' } }, () => new ConflictError(`${period} is no longer open; adjustments go to the next open period`, 'period_closed'));
}
