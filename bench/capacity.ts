import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Capacity units DynamoDB reported (ReturnConsumedCapacity TOTAL), and wall time spent in requests. */
export interface CapacitySnapshot {
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Sum of request durations (ms); overlapping requests each count. */
  readonly busyMs: number;
  /** Wall time (ms) with at least one request in flight. */
  readonly wallMs: number;
}

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

let meters = 0;

/**
 * Bench-only: asks DynamoDB (Local) for the consumed capacity of every request the client sends and
 * sums it, so the cost model prices item sizes (4 KB read / 1 KB write units) as DynamoDB does.
 */
export function meterCapacity(client: DynamoDBDocumentClient): { snapshot(): CapacitySnapshot; since(mark: CapacitySnapshot): CapacitySnapshot; detach(): void } {
  const name = `benchCapacity${(meters += 1)}`;
  let read = 0;
  let write = 0;
  let busy = 0;
  let wall = 0;
  let inFlight = 0;
  let wallStart = 0;
  const stack: DynamoDBDocumentClient['middlewareStack'] = client.middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      const input = args.input as Record<string, unknown>;
      if (READS.has(command) || WRITES.has(command)) input['ReturnConsumedCapacity'] = 'TOTAL';
      const t0 = performance.now();
      if (inFlight === 0) wallStart = t0;
      inFlight += 1;
      try {
        const result = await next(args);
        const output = result.output as { ConsumedCapacity?: Consumed | Consumed[] };
        const list = output.ConsumedCapacity === undefined ? [] : Array.isArray(output.ConsumedCapacity) ? output.ConsumedCapacity : [output.ConsumedCapacity];
        for (const c of list) {
          if (READS.has(command)) read += c.ReadCapacityUnits ?? c.CapacityUnits ?? 0;
          else write += c.WriteCapacityUnits ?? c.CapacityUnits ?? 0;
        }
        return result;
      } finally {
        const t1 = performance.now();
        busy += t1 - t0;
        inFlight -= 1;
        if (inFlight === 0) wall += t1 - wallStart;
      }
    },
    { step: 'initialize', name },
  );
  const snapshot = (): CapacitySnapshot => ({ readUnits: read, writeUnits: write, busyMs: busy, wallMs: wall });
  return {
    snapshot,
    since: (mark) => ({ readUnits: read - mark.readUnits, writeUnits: write - mark.writeUnits, busyMs: busy - mark.busyMs, wallMs: wall - mark.wallMs }),
    detach: () => {
      stack.remove(name);
    },
  };
}
