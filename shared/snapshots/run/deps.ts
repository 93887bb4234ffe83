import type { Logger } from '../../logging';
import type { SuspectPolicy } from '../detectChanges';
import type { SnapshotRuns, SnapshotStore, SolusioServersReader } from '../ports';
import type { ProvisionedServers } from '../shortLived';

export interface SnapshotSettings {
  /** Two consecutive complete runs further apart than this (strictly) leave a gap. */
  readonly gapToleranceMinutes: number;
  readonly suspectPolicy: SuspectPolicy;
  /** The operator's explicit billingStart, if any. */
  readonly billingStart?: string;
  /** The whole run's budget for SolusIO calls. */
  readonly runDeadlineMs: number;
  /** `GET servers/{id}` checks and month-item writes in flight at once. */
  readonly concurrency: number;
  /** The SolusIO installation this run reads (stored with what names its servers). */
  readonly installation: string;
}

/** What a servers run is given; each step takes the part it needs. */
export interface ServerSnapshotterDeps {
  /** Built on first use: confirming deletions needs no SolusIO (nor its token). */
  readonly solusio: () => Promise<SolusioServersReader>;
  readonly store: SnapshotStore;
  readonly runs: SnapshotRuns;
  readonly settings: SnapshotSettings;
  readonly logger: Logger;
  /** The servers the bridge's provisioning API made: short-lived ones among them are billed. Absent: every one is reported. */
  readonly provisioned?: ProvisionedServers;
}

/** An error as the run record and the logs name it. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
