import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DEFAULT_INSTALLATION } from '../installations';
import { keys } from '../storage/keys';
import { queryPartition } from '../storage/queryAll';

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

/** One installation's backup items, one partition per server (access patterns: docs/architecture.md). */
export class DynamoBackupStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    readonly installation: string = DEFAULT_INSTALLATION,
  ) {}

  async listForServer(serverId: number): Promise<StoredBackup[]> {
    return (await queryPartition(this.db, this.tableName, keys.backupPartition(serverId, this.installation))).map((item) => backupSchema.parse(item));
  }

  async put(backup: StoredBackup): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.backup(backup.serverId, backup.backupId, this.installation), kind: 'backup', ...backup } }));
  }
}
