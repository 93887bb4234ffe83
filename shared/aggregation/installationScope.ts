import { DEFAULT_INSTALLATION } from '../installations';
import type { AggregationManifest, CompleteRuns, LateMarks, MeteredServers, PrepaidServers, ServerMonthSource } from './ports';

/**
 * What the period services read of one SolusIO installation: its month items, gaps and first
 * complete run, its latest complete run, its aggregation manifest and late marks, its prepaid
 * and metered servers. Usage rows, closed lines, adjustments and headers are shared by all.
 */
export interface InstallationScope {
  readonly installation: string;
  readonly months: ServerMonthSource;
  readonly runs: CompleteRuns;
  readonly manifest: AggregationManifest;
  readonly marks: LateMarks;
  readonly prepaidServers?: PrepaidServers;
  readonly meteredServers?: MeteredServers;
}

/** The installation an item names (items written before installations have none: `default`). */
export function installationOf(item: { readonly installation?: string }): string {
  return item.installation ?? DEFAULT_INSTALLATION;
}

/**
 * The `installation` field as rows, lines and stored items carry it: left out for `default`, so a
 * single-installation stack's rows hash, and its closes checksum, exactly as before.
 */
export function installationField(installation: string): { installation?: string } {
  return installation === DEFAULT_INSTALLATION ? {} : { installation };
}

/** A server's key across installations (ids repeat across them). */
export function serverKey(installation: string, serverId: number): string {
  return `${installation}#${serverId}`;
}

/** The servers of one installation in a set, as the prepaid/metered ports give them (none without a port). */
export async function serversOf(read: (() => Promise<ReadonlySet<number>>) | undefined): Promise<ReadonlySet<number>> {
  return read === undefined ? new Set<number>() : read();
}

/** Whether lines name their installation and unmapped references carry it: several are configured. */
export function namesInstallations(installations: readonly string[] | undefined): boolean {
  return (installations?.length ?? 0) > 1;
}

/** Each installation's latest complete servers run (undefined: none yet), in scope order. */
export async function latestRunsOf(scopes: readonly Pick<InstallationScope, 'installation' | 'runs'>[]): Promise<{ installation: string; time: string | undefined }[]> {
  return Promise.all(scopes.map(async (scope) => ({ installation: scope.installation, time: (await scope.runs.getLatestCompleteRun('servers'))?.time })));
}

/**
 * How far every installation that has run is known: the earliest of their latest complete runs
 * (open segments run to it, so no installation's preview runs past what its own runs saw);
 * undefined before any complete run.
 */
export function commonAsOf(latest: readonly { time: string | undefined }[]): string | undefined {
  return latest.flatMap((run) => (run.time === undefined ? [] : [run.time])).sort()[0];
}
