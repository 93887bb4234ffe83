import { isInstant } from '../billing';
import { observedShardOf, OBSERVED_SHARDS } from '../storage/keys';
import type { KnownServer, ServerState } from './types';

/**
 * The packed-state format, in one place: how each server's state is written into (and read back
 * from) the observed-state shards. A state is one canonical string (`stateKey`), a known server
 * that string with its marks (`packKnownServer`), a shard all its servers as one string, a line
 * `<id> <packed>` each (`packShardEntries`), and the fleet 1,024 such shards (`packFleet`).
 */

/** A shard's servers as the store keeps them: server id -> packed known server. */
export type PackedServers = Readonly<Record<string, string>>;

/**
 * A server's state as one canonical string: equal states give equal keys. It is also the packed
 * form kept in the observed-state shards (one short string per server instead of an item each).
 */
export function stateKey(state: ServerState): string {
  const known = KEYS.get(state);
  if (known !== undefined) return known;
  const { owner, plan } = state;
  const key = [
    owner.userId,
    owner.billingUserId ?? '',
    plan.id,
    plan.tokensPerHour,
    plan.tokensPerMonth,
    plan.ipTokensPerHour,
    plan.ipTokensPerMonth,
    String(plan.backupPrice),
    state.backupsEnabled ? 1 : 0,
    state.suspended ? 1 : 0,
    state.additionalIpCount,
  ].join(',');
  KEYS.set(state, key);
  return key;
}

/**
 * Keys already computed, by state object (states are never mutated): a run compares, digests and
 * packs each of 10,000 states, and a state read from a shard arrives with its key.
 */
const KEYS = new WeakMap<ServerState, string>();

export function sameState(a: ServerState, b: ServerState): boolean {
  return stateKey(a) === stateKey(b);
}

export class PackedStateError extends Error {
  constructor(packed: string) {
    super(`Not a packed server state: ${JSON.stringify(packed)}`);
    this.name = 'PackedStateError';
  }
}

const NUMBER = /^\d+$/;

function integer(text: string | undefined, packed: string): number {
  if (text === undefined || !NUMBER.test(text)) throw new PackedStateError(packed);
  return Number(text);
}

function flag(text: string | undefined, packed: string): boolean {
  if (text !== '0' && text !== '1') throw new PackedStateError(packed);
  return text === '1';
}

/** The inverse of `stateKey`. */
export function parseStateKey(packed: string): ServerState {
  const fields = packed.split(',');
  if (fields.length !== 11) throw new PackedStateError(packed);
  const [userId, billingUserId, planId, tph, tpm, itph, itpm, backupPrice, backups, suspended, ips] = fields;
  if (backupPrice === undefined || !/^\d+(\.\d+)?$/.test(backupPrice)) throw new PackedStateError(packed);
  const price = Number(backupPrice);
  const state: ServerState = {
    owner: { userId: integer(userId, packed), billingUserId: billingUserId === '' ? null : integer(billingUserId, packed) },
    plan: {
      id: integer(planId, packed),
      tokensPerHour: integer(tph, packed),
      tokensPerMonth: integer(tpm, packed),
      ipTokensPerHour: integer(itph, packed),
      ipTokensPerMonth: integer(itpm, packed),
      backupPrice: price,
    },
    backupsEnabled: flag(backups, packed),
    suspended: flag(suspended, packed),
    additionalIpCount: integer(ips, packed),
  };
  // Only a canonical key may stand for the state (a price written `10.50` keys as `10.5`).
  if (String(price) === backupPrice) KEYS.set(state, packed);
  return state;
}

/**
 * A known server as the string stored in its shard: the state key, then `;m=<last seen>` (held by
 * the guard), `;u=<last seen>` (missing, not yet confirmed gone) or `;d=<deleted at>`, and
 * `;h=<hostname>` (URI-encoded: a name could hold `;` or a line break) when one was observed.
 * Servers packed before hostnames were kept have no `h` mark and read as unnamed.
 */
export function packKnownServer(server: KnownServer): string {
  let packed = stateKey(server.state);
  if (server.missingLastSeen !== undefined) packed += `;m=${server.missingLastSeen}`;
  if (server.unconfirmedLastSeen !== undefined) packed += `;u=${server.unconfirmedLastSeen}`;
  if (server.deletedAt !== undefined) packed += `;d=${server.deletedAt}`;
  if (server.hostname !== undefined) packed += `;h=${encodeURIComponent(server.hostname)}`;
  return packed;
}

function decodeHostname(value: string, packed: string): string {
  try {
    const hostname = decodeURIComponent(value);
    if (hostname !== '') return hostname;
  } catch {
    // a malformed escape: not a packed hostname
  }
  throw new PackedStateError(packed);
}

export function unpackKnownServer(id: number, packed: string): KnownServer {
  const [key = '', ...marks] = packed.split(';');
  let missingLastSeen: string | undefined;
  let unconfirmedLastSeen: string | undefined;
  let deletedAt: string | undefined;
  let hostname: string | undefined;
  for (const mark of marks) {
    const value = mark.slice(2);
    if (mark.startsWith('h=')) {
      hostname = decodeHostname(value, packed);
      continue;
    }
    if (!isInstant(value)) throw new PackedStateError(packed);
    if (mark.startsWith('m=')) missingLastSeen = value;
    else if (mark.startsWith('u=')) unconfirmedLastSeen = value;
    else if (mark.startsWith('d=')) deletedAt = value;
    else throw new PackedStateError(packed);
  }
  return {
    id,
    state: parseStateKey(key),
    ...(hostname === undefined ? {} : { hostname }),
    ...(missingLastSeen === undefined ? {} : { missingLastSeen }),
    ...(unconfirmedLastSeen === undefined ? {} : { unconfirmedLastSeen }),
    ...(deletedAt === undefined ? {} : { deletedAt }),
  };
}

const SHARD_LINE = /^(\d+) (.+)$/;

/**
 * A shard keeps its servers as one string, a line `<id> <packed state>` each: one attribute to
 * unmarshal instead of a map entry per server (the steady run reads them all, every 5 minutes).
 */
export function packShardEntries(servers: PackedServers): string {
  return Object.keys(servers)
    .sort((a, b) => Number(a) - Number(b))
    .map((id) => `${id} ${servers[id] ?? ''}`)
    .join('\n');
}

export function unpackShardEntries(entries: string): Record<string, string> {
  const servers: Record<string, string> = {};
  if (entries === '') return servers;
  for (const line of entries.split('\n')) {
    const match = SHARD_LINE.exec(line);
    if (match === null) throw new Error(`Not an observed-state shard line: ${JSON.stringify(line)}`);
    servers[match[1] as string] = match[2] as string;
  }
  return servers;
}

/** Every known server as its shard holds it: one record per shard (`OBSERVED_SHARDS`, empty ones included). */
export function packFleet(known: ReadonlyMap<number, KnownServer>): Record<string, string>[] {
  const shards = Array.from({ length: OBSERVED_SHARDS }, () => ({}) as Record<string, string>);
  for (const server of known.values()) (shards[observedShardOf(server.id)] as Record<string, string>)[String(server.id)] = packKnownServer(server);
  return shards;
}

/** The known servers the shards hold (the inverse of `packFleet`). */
export function unpackFleet(shards: Iterable<{ readonly servers: PackedServers }>): Map<number, KnownServer> {
  const known = new Map<number, KnownServer>();
  for (const shard of shards) {
    for (const [id, packed] of Object.entries(shard.servers)) known.set(Number(id), unpackKnownServer(Number(id), packed));
  }
  return known;
}

/** Whether two shards hold the same servers in the same packed states (an unchanged shard is not written). */
export function samePackedServers(a: PackedServers, b: PackedServers): boolean {
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => a[key] === b[key]);
}
