import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DEFAULT_INSTALLATION } from '../../installations';
import { keys } from '../../storage/keys';
import { queryAll } from '../../storage/queryAll';
import type { Gap, GapStore } from '../ports';

const gapSchema = z.object({ from: z.string(), to: z.string(), minutes: z.number() });

/** Gap items: a stretch longer than the tolerance without a complete run (`GAP#<kind>`). */
export class DynamoGapStore implements GapStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly installation: string = DEFAULT_INSTALLATION,
  ) {}

  async putGap(kind: string, gap: Gap): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.gap(kind, gap.from, this.installation), kind: 'gap', ...gap } }));
  }

  /** Gaps that overlap `[from, to)`. */
  async gapsOverlapping(kind: string, from: string, to: string): Promise<Gap[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk < :to',
      ExpressionAttributeValues: { ':pk': keys.gapPartition(kind, this.installation), ':to': to },
    });
    return items.map((item) => gapSchema.parse(item)).filter((gap) => gap.to > from);
  }
}
