import { paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '../../shared/storage/batchWrite';

/** Deletes every item of the table for which `keep` is false (the local reset). */
export async function clearTable(
  db: DynamoDBDocumentClient,
  tableName: string,
  keep: (key: { pk: string; sk: string }) => boolean,
): Promise<number> {
  const doomed: { pk: string; sk: string }[] = [];
  for await (const page of paginateScan({ client: db }, { TableName: tableName, ProjectionExpression: 'pk, sk' })) {
    for (const item of page.Items ?? []) {
      const key = { pk: String(item['pk']), sk: String(item['sk']) };
      if (!keep(key)) doomed.push(key);
    }
  }
  // Batches of 25, unprocessed deletes sent again with backoff.
  await batchWriteAll(
    db,
    tableName,
    doomed.map((Key) => ({ DeleteRequest: { Key } })),
  );
  return doomed.length;
}
