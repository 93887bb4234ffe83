import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DEFAULT_INSTALLATION } from '../../installations';
import type { Period } from '../../billing';
import { keys } from '../../storage/keys';
import { queryPartition } from '../../storage/queryAll';
import type { UnbilledStore } from '../ports';
import { periodsOfLife, UNBILLED_REASONS, type UnbilledServer } from '../shortLived';

export const unbilledServerSchema = z.object({
  serverId: z.number(),
  installation: z.string(),
  createdAt: z.string(),
  deletedAt: z.string().nullable(),
  reason: z.enum(UNBILLED_REASONS),
  detail: z.string(),
  foundBy: z.string(),
});

/** Servers the bridge cannot price (short-lived, not made by it), per period (`UNBILLED#<YYYY-MM>`, sort key led by the installation). */
export class DynamoUnbilledStore implements UnbilledStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly installation: string = DEFAULT_INSTALLATION,
  ) {}

  /**
   * Records a server the bridge cannot price in every period its life touches (to the run that
   * found it when no record dates its end). Written once: true when this call wrote it first (a
   * window's edge may show it to two runs).
   */
  async putUnbilled(server: UnbilledServer): Promise<boolean> {
    let first = false;
    for (const period of periodsOfLife(server.createdAt, server.deletedAt ?? server.foundBy)) {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.unbilled(period, server.installation, server.serverId), kind: 'unbilledServer', period, ...server },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        first = true;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return first;
  }

  /** This installation's servers of a period the bridge could not price, oldest first (the partition holds every installation's). */
  async listUnbilled(period: Period): Promise<UnbilledServer[]> {
    const items = await queryPartition(this.db, this.tableName, keys.unbilledPartition(period), { consistent: true });
    return items
      .map((item) => unbilledServerSchema.parse(item))
      .filter((server) => server.installation === this.installation)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.installation.localeCompare(b.installation) || a.serverId - b.serverId);
  }
}
