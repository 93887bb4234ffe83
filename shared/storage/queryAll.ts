import { paginateQuery, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** The items of a Query page by page (the SDK's paginator follows `LastEvaluatedKey`); stop early by leaving the loop. */
export async function* queryPages(db: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): AsyncGenerator<Item[]> {
  for await (const page of paginateQuery({ client: db }, input)) yield page.Items ?? [];
}

/** Every item a Query matches, every page. */
export async function queryAll(db: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(db, input)) items.push(...page);
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
