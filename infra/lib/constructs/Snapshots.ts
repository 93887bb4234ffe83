import { Duration } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { snapshotTimeoutSeconds } from '../infraConfig';
import type { BridgeResources, FunctionCode, FunctionNetwork } from './BridgeFunction';
import { createDeadLetterQueue, ScheduledJob } from './ScheduledJob';

export const SNAPSHOT_JOBS = ['snapshot-servers', 'snapshot-backups'] as const;
export type SnapshotJobName = (typeof SNAPSHOT_JOBS)[number];

export interface SnapshotsProps {
  /** Minutes between runs of each snapshot job. */
  readonly rateMinutes: Readonly<Record<SnapshotJobName, number>>;
  readonly resources: BridgeResources;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  /** Default: `esbuild`. */
  readonly code?: FunctionCode;
  /**
   * Default: none (one schedule per job, input `{time}`: the single-installation stack). Given: one
   * schedule per installation per job, input `{time, installation}`, and as many runs at once.
   */
  readonly installations?: readonly string[];
  /** Default: none. Given: the functions that call SolusIO or the billing system run in it (`networkFor`). */
  readonly network?: FunctionNetwork;
}

/**
 * The snapshot runs (`snapshot-servers`, `snapshot-backups`). Runs of one job for one installation
 * never overlap: a timeout shorter than the rate (rate - 30 s, at most 15 minutes) and reserved
 * concurrency of one run per installation (1 for the single-installation stack). With several
 * installations each has its own schedule, so each run walks one installation within the timeout.
 */
export class Snapshots extends Construct {
  public readonly jobs: Readonly<Record<SnapshotJobName, ScheduledJob>>;
  public readonly deadLetterQueue: IQueue;

  constructor(scope: Construct, id: string, props: SnapshotsProps) {
    super(scope, id);
    this.deadLetterQueue = createDeadLetterQueue(this, 'DeadLetterQueue');
    const job = (name: SnapshotJobName) =>
      new ScheduledJob(this, name, {
        job: name,
        rateMinutes: props.rateMinutes[name],
        timeout: Duration.seconds(snapshotTimeoutSeconds(props.rateMinutes[name])),
        reservedConcurrentExecutions: Math.max(1, props.installations?.length ?? 1),
        ...(props.installations ? { installations: props.installations } : {}),
        deadLetterQueue: this.deadLetterQueue,
        resources: props.resources,
        environment: props.environment,
        logRetention: props.logRetention,
        ...(props.code ? { code: props.code } : {}),
        ...(props.network ? { network: props.network } : {}),
      });
    this.jobs = { 'snapshot-servers': job('snapshot-servers'), 'snapshot-backups': job('snapshot-backups') };
  }
}
