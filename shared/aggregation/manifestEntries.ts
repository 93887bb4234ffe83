import { createHash } from 'node:crypto';
import { canonicalJson } from '../json';
import type { UsageRow } from './types';

function rowsHash(rows: readonly UsageRow[]): string {
  return createHash('sha256').update(canonicalJson(rows)).digest('hex').slice(0, 24);
}

/** A manifest entry: the rows' hash and the customers they were written under. */
export function manifestEntry(rows: readonly UsageRow[]): string {
  return `${rowsHash(rows)}|${rows.map((row) => row.customer).join(',')}`;
}

/** The customers a manifest entry's rows were written under (none for no entry). */
export function customersOf(entry: string | undefined): string[] {
  const list = entry?.split('|')[1];
  return list ? list.split(',') : [];
}
