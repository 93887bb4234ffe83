import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { keys } from '../storage/keys';

/** A backup as the bridge keeps it: written when first seen and when its status or size changes. */
export interface StoredBackup {
  readonly serverId: number;
  readonly backupId: number;
  readonly type: string;
  readonly creationMethod: string;
  readonly status: string;
  /** GiB. */
  readonly size: number;
  readonly createdAt: string;
  /** The run that first saw it. */
  readonly firstSeenRun: string;
  /** The run that last recorded a change of it. */
  readonly changedRun: string;
  /** The complete run that no longer listed it. */
  readonly deletedRun?: string;
}

const backupSchema = z.object({
  serverId: z.number(),
  backupId: z.number(),
  type: z.string(),
  creationMethod: z.string(),
  status: z.string(),
  size: z.number(),
  createdAt: z.string(),
  firstSeenRun: z.string(),
  changedRun: z.string(),
  deletedRun: z.string().optional(),
});

/** Backup items, one partition per server (access patterns: docs/architecture.md). */
export class DynamoBackupStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listForServer(serverId: number): Promise<StoredBackup[]> {
    const backups: StoredBackup[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.backupPartition(serverId) },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) backups.push(backupSchema.parse(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return backups;
  }

  async put(backup: StoredBackup): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.backup(backup.serverId, backup.backupId), kind: 'backup', ...backup } }));
  }
}
