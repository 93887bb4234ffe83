import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { keys } from '../storage/keys';

export type RunKind = 'servers' | 'backups';

export interface LatestCompleteRun {
  readonly kind: RunKind;
  /** The run's scheduled time (from its event), ISO-8601 UTC. */
  readonly time: string;
}

export interface RunRepository {
  getLatestCompleteRun(kind: RunKind): Promise<LatestCompleteRun | undefined>;
}

const latestItem = z.object({ time: z.string() });

export class DynamoRunRepository implements RunRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getLatestCompleteRun(kind: RunKind): Promise<LatestCompleteRun | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.latestCompleteRun(kind) }));
    return Item ? { kind, time: latestItem.parse(Item).time } : undefined;
  }
}
