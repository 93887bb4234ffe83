import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../../storage/queryAll';

export type Item = Record<string, unknown>;

/**
 * The items of up to `limit` customers of a gsi1 listing (ordered by customer) after
 * `afterCustomer`, and whether more customers follow; with `checksum`, only items carrying it.
 */
export async function pageByCustomer(
  db: DynamoDBDocumentClient,
  tableName: string,
  indexPartition: string,
  afterCustomer: string | undefined,
  limit: number,
  checksum?: string,
): Promise<{ items: Item[]; customers: string[]; more: boolean }> {
  const items: Item[] = [];
  const customers: string[] = [];
  const pages = queryPages(db, {
    TableName: tableName,
    IndexName: 'gsi1',
    KeyConditionExpression: afterCustomer === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND gsi1sk > :after',
    // `#~` sorts after every `<customer>#<tail>` of that customer.
    ExpressionAttributeValues: {
      ':pk': indexPartition,
      ...(afterCustomer === undefined ? {} : { ':after': `${afterCustomer}#~` }),
      ...(checksum === undefined ? {} : { ':checksum': checksum }),
    },
    ...(checksum === undefined ? {} : { FilterExpression: 'checksum = :checksum' }),
  });
  for await (const page of pages) {
    for (const item of page) {
      const customer = String(item['customer']);
      if (customers[customers.length - 1] !== customer) {
        // Leaving the loop stops the paginator: no page past the limit is read.
        if (customers.length === limit) return { items, customers, more: true };
        customers.push(customer);
      }
      items.push(item);
    }
  }
  return { items, customers, more: false };
}
