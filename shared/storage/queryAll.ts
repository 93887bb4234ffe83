import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** Every item a Query matches, following `LastEvaluatedKey` page by page. */
export async function queryAll(db: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page: QueryCommandOutput = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The items of one partition (`pk = :pk`), every page. */
export function queryPartition(
  db: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  options: { consistent?: boolean; projection?: string; names?: Record<string, string> } = {},
): Promise<Item[]> {
  return queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ...(options.consistent ? { ConsistentRead: true } : {}),
    ...(options.projection === undefined ? {} : { ProjectionExpression: options.projection }),
    ...(options.names === undefined ? {} : { ExpressionAttributeNames: options.names }),
  });
}
