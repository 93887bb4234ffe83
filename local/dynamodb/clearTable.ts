import { BatchWriteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const BATCH_SIZE = 25;

/** Deletes every item of the table for which `keep` is false (the local reset). */
export async function clearTable(
  db: DynamoDBDocumentClient,
  tableName: string,
  keep: (key: { pk: string; sk: string }) => boolean,
): Promise<number> {
  const doomed: { pk: string; sk: string }[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ProjectionExpression: 'pk, sk', ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const key = { pk: String(item['pk']), sk: String(item['sk']) };
      if (!keep(key)) doomed.push(key);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  for (let i = 0; i < doomed.length; i += BATCH_SIZE) {
    let requests: Record<string, unknown>[] | undefined = doomed.slice(i, i + BATCH_SIZE).map((Key) => ({ DeleteRequest: { Key } }));
    // DynamoDB may hand back unprocessed deletes under load: send them again until none is left.
    while (requests && requests.length > 0) {
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = result.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
    }
  }
  return doomed.length;
}
