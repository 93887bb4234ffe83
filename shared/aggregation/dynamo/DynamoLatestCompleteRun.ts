import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { keys } from '../../storage/keys';
import type { CompleteRuns } from '../ports';

const latestSchema = z.object({ time: z.string() });

/** One installation's latest complete run, read from the pointer its run repository keeps (`RUN#servers@eu / LATEST_COMPLETE`). */
export class DynamoLatestCompleteRun implements CompleteRuns {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly installation: string,
  ) {}

  async getLatestCompleteRun(kind: 'servers'): Promise<{ readonly time: string } | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.latestCompleteRun(kind, this.installation) }));
    return Item === undefined ? undefined : { time: latestSchema.parse(Item).time };
  }
}
