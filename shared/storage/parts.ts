import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { batchWriteAll } from './batchWrite';
import { queryAll } from './queryAll';

/**
 * A value too large for one item (DynamoDB refuses items over 400 KB), kept as gzipped JSON in
 * numbered part items of one partition: `<prefix><id>#<nnnn>`, where `id` is fresh for each write,
 * so a new value never overwrites the parts an older one still points to. The item that names the
 * parts (`{ id, count }`) is written after them and decides which parts count.
 */
export interface PartsRef {
  readonly id: string;
  readonly count: number;
}

export const partsRefSchema = z.object({ id: z.string(), count: z.number().int().positive() });

/** Bytes of gzipped JSON per part item. */
const PART_BYTES = 300_000;

const partItem = z.object({ data: z.instanceof(Uint8Array) });

const partKey = (pk: string, prefix: string, id: string, index: number) => ({ pk, sk: `${prefix}${id}#${String(index).padStart(4, '0')}` });

/** Writes `value` as parts under `pk` and `prefix`; `extra` attributes go on each part (an `expiresAt`). */
export async function writeParts(db: DynamoDBDocumentClient, tableName: string, pk: string, prefix: string, value: unknown, extra: Record<string, unknown> = {}): Promise<PartsRef> {
  const zipped = gzipSync(JSON.stringify(value));
  const id = randomUUID();
  const count = Math.max(1, Math.ceil(zipped.length / PART_BYTES));
  await batchWriteAll(
    db,
    tableName,
    Array.from({ length: count }, (_, index) => ({
      PutRequest: { Item: { ...partKey(pk, prefix, id, index), kind: 'part', data: new Uint8Array(zipped.subarray(index * PART_BYTES, (index + 1) * PART_BYTES)), ...extra } },
    })),
  );
  return { id, count };
}

/** The value the parts hold, or undefined when some are missing (replaced and deleted since their pointer was read). */
export async function readParts(db: DynamoDBDocumentClient, tableName: string, pk: string, prefix: string, ref: PartsRef): Promise<unknown> {
  const items = await queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': `${prefix}${ref.id}#` },
    ConsistentRead: true,
  });
  if (items.length !== ref.count) return undefined;
  return JSON.parse(gunzipSync(Buffer.concat(items.map((item) => partItem.parse(item).data))).toString('utf8')) as unknown;
}

export async function deleteParts(db: DynamoDBDocumentClient, tableName: string, pk: string, prefix: string, ref: PartsRef): Promise<void> {
  await batchWriteAll(
    db,
    tableName,
    Array.from({ length: ref.count }, (_, index) => ({ DeleteRequest: { Key: partKey(pk, prefix, ref.id, index) } })),
  );
}
