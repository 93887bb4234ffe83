import { parsePeriod, type Period } from '../billing';
import type { LineKind } from './types';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function periodName(period: Period): string {
  const { year, month } = parsePeriod(period);
  return `${MONTHS[month - 1] ?? ''} ${year}`;
}

/** What a line's description needs to know of its server line (a usage line has all of it). */
export interface DescribedLine {
  readonly serverId: number;
  /** The server's hostname (SolusIO's `name`) as last observed; absent when never observed. */
  readonly hostname?: string;
  readonly runtimeHours: number;
  readonly prepaid: boolean;
  readonly adjustmentOf?: Period;
}

/** The server as people know it: its hostname with the id beside it, or the id alone when no hostname is known. */
export function serverSubject(line: Pick<DescribedLine, 'serverId' | 'hostname'>): string {
  return line.hostname === undefined ? `server ${line.serverId}` : `${line.hostname} (server ${line.serverId})`;
}

/**
 * An invoice line's description (issue #23 §3): `vps1.example.com (server 17): 720 h runtime,
 * November 2026`, `... (prepaid)` for a prepaid server, `...: adjustment of backups, October 2026`
 * for an adjustment (dated by the period it adjusts).
 */
export function describeLine(kind: LineKind, line: DescribedLine, period: Period): string {
  const subject = serverSubject(line);
  const what = kind === 'runtime' ? `${line.runtimeHours} h runtime` : kind === 'ips' ? 'additional IPv4 addresses' : 'backups';
  if (line.adjustmentOf !== undefined) return `${subject}: adjustment of ${what}, ${periodName(line.adjustmentOf)}`;
  return `${subject}: ${what}, ${periodName(period)}${line.prepaid ? ' (prepaid)' : ''}`;
}
