import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ServiceState } from './schemas';

/** A table position: where a service listing resumes (the key of the last item it read or listed). */
export interface TableKey {
  readonly pk: string;
  readonly sk: string;
}

export interface ServiceListQuery {
  readonly limit: number;
  readonly state?: ServiceState;
  readonly after?: TableKey;
}

/**
 * Items one listing request may read: the Scan passes over every kind of item, so a request stops
 * here and answers what it found with a cursor (a page may then hold fewer services than `limit`).
 */
export const SERVICE_LISTING_READ_BUDGET = 5_000;

/**
 * Service items (`SERVICE#<ref>`, `kind = service`), optionally of one state, in table order: a
 * paged Scan with a filter. No index lists services, and one would leave the services stored
 * before it unlisted until a backfill; an operator's listing can afford the Scan's cost. Answers the
 * raw items and where the next page starts (undefined: the table is read to its end).
 */
export async function scanServiceItems(db: DynamoDBDocumentClient, tableName: string, query: ServiceListQuery, readBudget = SERVICE_LISTING_READ_BUDGET): Promise<{ items: Record<string, unknown>[]; next?: TableKey }> {
  const items: Record<string, unknown>[] = [];
  let start: TableKey | undefined = query.after;
  let read = 0;
  while (read < readBudget) {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: query.state === undefined ? '#kind = :service' : '#kind = :service AND #state = :state',
        ExpressionAttributeNames: { '#kind': 'kind', ...(query.state === undefined ? {} : { '#state': 'state' }) },
        ExpressionAttributeValues: { ':service': 'service', ...(query.state === undefined ? {} : { ':state': query.state }) },
        Limit: readBudget - read,
        ConsistentRead: true,
        ...(start === undefined ? {} : { ExclusiveStartKey: { pk: start.pk, sk: start.sk } }),
      }),
    );
    read += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      items.push(item);
      // A full page ends at its last service: the next page resumes after it.
      if (items.length === query.limit) return { items, next: keyOf(item) };
    }
    const last = page.LastEvaluatedKey;
    if (last === undefined) return { items };
    start = keyOf(last);
  }
  return { items, ...(start === undefined ? {} : { next: start }) };
}

function keyOf(item: Record<string, unknown>): TableKey {
  const { pk, sk } = item;
  if (typeof pk !== 'string' || typeof sk !== 'string') throw new Error('A table item without string keys pk and sk');
  return { pk, sk };
}
