import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Counts at one moment; `RequestCounts.since(mark)` gives what happened after it. */
export interface RequestCountsSnapshot {
  readonly requests: number;
  readonly itemWrites: number;
  readonly itemReads: number;
  /** Requests per low-level command name (`PutItemCommand`, `BatchWriteItemCommand`, ...). */
  readonly byCommand: Readonly<Record<string, number>>;
}

/**
 * What a client sent since `countRequests` (or the last `reset`). A request is one `send()`: the
 * SDK's retries of it are not counted again, and one that failed (a conditional check, say) counts.
 */
export interface RequestCounts {
  requests(): number;
  /**
   * Items written: 1 per PutItem, UpdateItem and DeleteItem, each put or delete request of a
   * BatchWriteItem (all tables), each entry of a TransactWriteItems (condition checks included).
   */
  itemWrites(): number;
  /**
   * Items read: 1 per GetItem, each key of a BatchGetItem, each entry of a TransactGetItems, and 1
   * per Query or Scan request (one page, whatever it returns). PartiQL statements count as requests only.
   */
  itemReads(): number;
  byCommand(): Record<string, number>;
  snapshot(): RequestCountsSnapshot;
  since(mark: RequestCountsSnapshot): RequestCountsSnapshot;
  reset(): void;
  /** Removes the middleware: the client stops counting. */
  detach(): void;
}

let attached = 0;

/**
 * Counts the requests a DynamoDB client sends, by a middleware on its middleware stack, for tests
 * and benchmarks that assert or report how many writes an operation costs.
 *
 * A DynamoDBDocumentClient shares the middleware stack of the DynamoDBClient it was made from, so
 * counting either one counts the requests of both; the command names are the low-level ones
 * (a document `PutCommand` is a `PutItemCommand`).
 */
export function countRequests(client: DynamoDBDocumentClient | DynamoDBClient): RequestCounts {
  const name = `requestCounter${(attached += 1)}`;
  let counts = emptyCounts();
  // The build step runs once per send(), after serialization and before the retry middleware.
  const stack: DynamoDBClient['middlewareStack'] = client.middlewareStack;
  stack.add(
    (next, context) => (args) => {
      const command = context.commandName ?? 'unknown';
      counts = {
        requests: counts.requests + 1,
        itemWrites: counts.itemWrites + itemWritesOf(command, args.input),
        itemReads: counts.itemReads + itemReadsOf(command, args.input),
        byCommand: { ...counts.byCommand, [command]: (counts.byCommand[command] ?? 0) + 1 },
      };
      return next(args);
    },
    { step: 'build', name },
  );
  return {
    requests: () => counts.requests,
    itemWrites: () => counts.itemWrites,
    itemReads: () => counts.itemReads,
    byCommand: () => ({ ...counts.byCommand }),
    snapshot: () => counts,
    since: (mark) => difference(counts, mark),
    reset: () => {
      counts = emptyCounts();
    },
    detach: () => {
      stack.remove(name);
    },
  };
}

function emptyCounts(): RequestCountsSnapshot {
  return { requests: 0, itemWrites: 0, itemReads: 0, byCommand: {} };
}

function difference(now: RequestCountsSnapshot, mark: RequestCountsSnapshot): RequestCountsSnapshot {
  const byCommand: Record<string, number> = {};
  for (const [command, count] of Object.entries(now.byCommand)) {
    const delta = count - (mark.byCommand[command] ?? 0);
    if (delta > 0) byCommand[command] = delta;
  }
  return { requests: now.requests - mark.requests, itemWrites: now.itemWrites - mark.itemWrites, itemReads: now.itemReads - mark.itemReads, byCommand };
}

function itemWritesOf(command: string, input: unknown): number {
  switch (command) {
    case 'PutItemCommand':
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return 1;
    case 'BatchWriteItemCommand':
      return sumPerTable(field(input, 'RequestItems'), (requests) =>
        asArray(requests).filter((request) => field(request, 'PutRequest') !== undefined || field(request, 'DeleteRequest') !== undefined).length,
      );
    case 'TransactWriteItemsCommand':
      return asArray(field(input, 'TransactItems')).length;
    default:
      return 0;
  }
}

function itemReadsOf(command: string, input: unknown): number {
  switch (command) {
    case 'GetItemCommand':
    case 'QueryCommand':
    case 'ScanCommand':
      return 1;
    case 'BatchGetItemCommand':
      return sumPerTable(field(input, 'RequestItems'), (request) => asArray(field(request, 'Keys')).length);
    case 'TransactGetItemsCommand':
      return asArray(field(input, 'TransactItems')).length;
    default:
      return 0;
  }
}

// The input arrives as the SDK's union of every command's input: read it as plain data.
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function sumPerTable(requestItems: unknown, count: (perTable: unknown) => number): number {
  if (typeof requestItems !== 'object' || requestItems === null) return 0;
  return Object.values(requestItems).reduce((sum: number, perTable: unknown) => sum + count(perTable), 0);
}
