import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, batchWriteAll, type WriteRequest } from '../../../../shared/storage';

/** A document client whose `send` answers from a script and records each command's input. */
function scriptedClient(answer: (input: Record<string, unknown>, call: number) => unknown): { db: DynamoDBDocumentClient; inputs: Record<string, unknown>[] } {
  const inputs: Record<string, unknown>[] = [];
  const send = async (command: BatchGetCommand | BatchWriteCommand): Promise<unknown> => {
    inputs.push(command.input as Record<string, unknown>);
    return answer(command.input as Record<string, unknown>, inputs.length);
  };
  return { db: { send } as unknown as DynamoDBDocumentClient, inputs };
}

const put = (n: number): WriteRequest => ({ PutRequest: { Item: { pk: `P#${n}`, sk: 'S' } } });

describe('batchWriteAll', () => {
  it('sends 25 writes to a request, at ten times the limit, and sends again what DynamoDB left unprocessed', async () => {
    const requests = Array.from({ length: 250 }, (_, n) => put(n));
    let leftOnce = false;
    const { db, inputs } = scriptedClient((input) => {
      const batch = (input['RequestItems'] as Record<string, WriteRequest[]>)['t'] ?? [];
      if (!leftOnce) {
        leftOnce = true;
        return { UnprocessedItems: { t: batch.slice(20) } };
      }
      return {};
    });
    await batchWriteAll(db, 't', requests);
    const sizes = inputs.map((input) => ((input['RequestItems'] as Record<string, unknown[]>)['t'] ?? []).length);
    expect(Math.max(...sizes)).toBe(25);
    expect(sizes).toHaveLength(11);
    expect(sizes).toContain(5);
    const written = inputs.flatMap((input) => (input['RequestItems'] as Record<string, WriteRequest[]>)['t'] ?? []);
    expect(new Set(written.map((request) => JSON.stringify(request))).size).toBe(250);
  });

  it('sends nothing for no writes', async () => {
    const { db, inputs } = scriptedClient(() => ({}));
    await batchWriteAll(db, 't', []);
    expect(inputs).toEqual([]);
  });
});

describe('batchGetAll', () => {
  it('asks for 100 keys a request and again for the unprocessed ones, with the options given', async () => {
    const keys = Array.from({ length: 1_000 }, (_, n) => ({ pk: `P#${n}`, sk: 'S' }));
    let leftOnce = false;
    const { db, inputs } = scriptedClient((input) => {
      const request = (input['RequestItems'] as Record<string, { Keys: Record<string, unknown>[] }>)['t'];
      const asked = request?.Keys ?? [];
      if (!leftOnce) {
        leftOnce = true;
        return { Responses: { t: asked.slice(0, 60) }, UnprocessedKeys: { t: { Keys: asked.slice(60) } } };
      }
      return { Responses: { t: asked } };
    });
    const found = await batchGetAll(db, 't', keys, { consistent: true, projection: 'pk' });
    expect(found).toHaveLength(1_000);
    expect(inputs).toHaveLength(11);
    expect(inputs[0]).toEqual({ RequestItems: { t: { Keys: keys.slice(0, 100), ConsistentRead: true, ProjectionExpression: 'pk' } } });
    expect(inputs[1]).toEqual({ RequestItems: { t: { Keys: keys.slice(60, 100), ConsistentRead: true, ProjectionExpression: 'pk' } } });
  });
});
