import { USAGE_FLAGS } from './constants';
import { compareCustomers } from './customerReference';
import { toSafeNumber } from './decimal';
import { backupTokens } from './backupTokens';
import { ipTokens } from './ipTokens';
import { priceLines } from './money';
import { groupByPlan } from './planGroups';
import { runtimeTokens } from './runtimeTokens';
import { billablePieces } from './segments';
import { billingWindow, parseBillingSettings } from './settings';
import type {
  BillablePiece,
  BillingSettings,
  MsInterval,
  ParsedBillingSettings,
  Period,
  ServerPart,
  ServerTokens,
  ServerUsageInput,
  ServerUsageLine,
} from './types';

const partTokens = (server: ServerUsageInput, pieces: readonly BillablePiece[]): ServerTokens => {
  const groups = groupByPlan(pieces);
  const runtime = runtimeTokens(groups);
  if (server.prepaid) return { runtimeHours: runtime.hours, runtimeTokens: 0, ipTokens: 0, backupTokens: 0 };
  const what = `server ${server.serverId}`;
  return {
    runtimeHours: runtime.hours,
    runtimeTokens: toSafeNumber(runtime.tokens, `${what} runtime tokens`),
    ipTokens: toSafeNumber(ipTokens(groups), `${what} IP tokens`),
    backupTokens: toSafeNumber(backupTokens(groups), `${what} backup tokens`),
  };
};

const priceServerPart = (
  server: ServerUsageInput,
  pieces: readonly BillablePiece[],
  settings: ParsedBillingSettings,
): ServerUsageLine => {
  const tokens = partTokens(server, pieces);
  return {
    serverId: server.serverId,
    ...tokens,
    totalTokens: toSafeNumber(
      BigInt(tokens.runtimeTokens) + BigInt(tokens.ipTokens) + BigInt(tokens.backupTokens),
      `server ${server.serverId} total tokens`,
    ),
    prepaid: server.prepaid,
    flags: USAGE_FLAGS.filter((flag) => pieces.some((piece) => piece.flags.includes(flag))),
    money: priceLines(tokens, settings.rates).total,
  };
};

/**
 * One server's usage lines inside a billing window, one per owner (customer reference), sorted by
 * customer. Each owner's part is priced as a server of its own. A server without billable time in
 * the window has no line.
 */
export const priceServerParts = (
  server: ServerUsageInput,
  window: MsInterval,
  settings: ParsedBillingSettings,
): ServerPart[] => {
  const byCustomer = new Map<string, BillablePiece[]>();
  for (const piece of billablePieces(server, window, settings.billSuspendedTime)) {
    byCustomer.set(piece.customer, [...(byCustomer.get(piece.customer) ?? []), piece]);
  }
  return [...byCustomer.entries()]
    .sort(([a], [b]) => compareCustomers(a, b))
    .map(([customer, pieces]) => ({ customer, line: priceServerPart(server, pieces, settings) }));
};

/** One server's usage lines for a period (validating the settings first). */
export const computeServerUsage = (server: ServerUsageInput, period: Period, settings: BillingSettings): ServerPart[] => {
  const parsed = parseBillingSettings(settings);
  return priceServerParts(server, billingWindow(period, parsed), parsed);
};
