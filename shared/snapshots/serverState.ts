import { isInstant } from '../billing';
import type { KnownServer, ServerState } from './types';

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
 * the guard), `;u=<last seen>` (missing, not yet confirmed gone) or `;d=<deleted at>`.
 */
export function packKnownServer(server: KnownServer): string {
  let packed = stateKey(server.state);
  if (server.missingLastSeen !== undefined) packed += `;m=${server.missingLastSeen}`;
  if (server.unconfirmedLastSeen !== undefined) packed += `;u=${server.unconfirmedLastSeen}`;
  if (server.deletedAt !== undefined) packed += `;d=${server.deletedAt}`;
  return packed;
}

export function unpackKnownServer(id: number, packed: string): KnownServer {
  const [key = '', ...marks] = packed.split(';');
  let missingLastSeen: string | undefined;
  let unconfirmedLastSeen: string | undefined;
  let deletedAt: string | undefined;
  for (const mark of marks) {
    const value = mark.slice(2);
    if (!isInstant(value)) throw new PackedStateError(packed);
    if (mark.startsWith('m=')) missingLastSeen = value;
    else if (mark.startsWith('u=')) unconfirmedLastSeen = value;
    else if (mark.startsWith('d=')) deletedAt = value;
    else throw new PackedStateError(packed);
  }
  return {
    id,
    state: parseStateKey(key),
    ...(missingLastSeen === undefined ? {} : { missingLastSeen }),
    ...(unconfirmedLastSeen === undefined ? {} : { unconfirmedLastSeen }),
    ...(deletedAt === undefined ? {} : { deletedAt }),
  };
}
