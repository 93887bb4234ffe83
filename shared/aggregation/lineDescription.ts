import { parsePeriod, type Period } from '../billing';
import { DEFAULT_INSTALLATION } from '../installations';
import type { LineKind } from './types';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function periodName(period: Period): string {
  const { year, month } = parsePeriod(period);
  return `${MONTHS[month - 1] ?? ''} ${year}`;
}

/** What a line's description needs to know of its server line (a usage line has all of it). */
export interface DescribedLine {
  readonly serverId: number;
  /** Absent: `default`. */
  readonly installation?: string;
  /** The server's hostname (SolusIO's `name`) as last observed; absent when never observed. */
  readonly hostname?: string;
  readonly runtimeHours: number;
  readonly prepaid: boolean;
  readonly adjustmentOf?: Period;
}

/** The server as people know it: its hostname with the id beside it, or the id alone when no hostname is known. */
export function serverSubject(line: Pick<DescribedLine, 'serverId' | 'hostname' | 'installation'>, nameInstallation = false): string {
  // Server ids repeat across installations: with several configured, the line says which one.
  const where = nameInstallation ? `, ${line.installation ?? DEFAULT_INSTALLATION}` : '';
  return line.hostname === undefined ? `server ${line.serverId}${nameInstallation ? ` (${line.installation ?? DEFAULT_INSTALLATION})` : ''}` : `${line.hostname} (server ${line.serverId}${where})`;
}

/**
 * An invoice line's description (issue #23 §3): `vps1.example.com (server 17): 720 h runtime,
 * November 2026`, `... (prepaid)` for a prepaid server, `...: adjustment of backups, October 2026`
 * for an adjustment (dated by the period it adjusts). With several installations configured the
 * subject names the server's: `vps1.example.com (server 17, eu)`, `server 17 (eu)`.
 */
export function describeLine(kind: LineKind, line: DescribedLine, period: Period, nameInstallation = false): string {
  const subject = serverSubject(line, nameInstallation);
  const what = kind === 'runtime' ? `${line.runtimeHours} h runtime` : kind === 'ips' ? 'additional IPv4 addresses' : 'backups';
  if (line.adjustmentOf !== undefined) return `${subject}: adjustment of ${what}, ${periodName(line.adjustmentOf)}`;
  return `${subject}: ${what}, ${periodName(period)}${line.prepaid ? ' (prepaid)' : ''}`;
}
