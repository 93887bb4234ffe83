import { USAGE_FLAGS } from './constants';
import { compareCustomers } from './customerReference';
import { toSafeNumber } from './decimal';
import { backupTokens } from './backupTokens';
import { ipTokens } from './ipTokens';
import { priceLines, sumMoney } from './money';
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

/** The figures that add up when owner parts are joined, with their names in error messages. */
const JOINED_FIGURES = {
  runtimeHours: 'runtime hours',
  runtimeTokens: 'runtime tokens',
  ipTokens: 'IP tokens',
  backupTokens: 'backup tokens',
  totalTokens: 'total tokens',
} as const;

/**
 * The one line of a server under one customer: the sum of the owner parts that landed there (each
 * already priced and rounded as a server of its own). For a single part it is that part's line.
 */
const joinParts = (
  server: ServerUsageInput,
  lines: readonly ServerUsageLine[],
  settings: ParsedBillingSettings,
): ServerUsageLine => {
  const sum = (figure: keyof typeof JOINED_FIGURES): number =>
    toSafeNumber(
      lines.reduce((total, line) => total + BigInt(line[figure]), 0n),
      `server ${server.serverId} ${JOINED_FIGURES[figure]}`,
    );
  return {
    serverId: server.serverId,
    runtimeHours: sum('runtimeHours'),
    runtimeTokens: sum('runtimeTokens'),
    ipTokens: sum('ipTokens'),
    backupTokens: sum('backupTokens'),
    totalTokens: sum('totalTokens'),
    prepaid: server.prepaid,
    flags: USAGE_FLAGS.filter((flag) => lines.some((line) => line.flags.includes(flag))),
    money: sumMoney(
      lines.map((line) => line.money),
      settings.rates,
    ),
  };
};

/**
 * One server's usage lines inside a billing window, one per customer, sorted by customer.
 *
 * The server splits into owner parts keyed by the SolusIO owner (`userId`): each part is priced as a
 * server of its own (own hour rounding, own caps), whatever billing references the owner had. A
 * part is reported under the reference of its owner's last billable segment in the window (the
 * reference as it stands at the end). Parts of different owners that end under the same reference
 * are joined into one line (`joinParts`). A server without billable time in the window has no line.
 */
export const priceServerParts = (
  server: ServerUsageInput,
  window: MsInterval,
  settings: ParsedBillingSettings,
): ServerPart[] => {
  const byOwner = new Map<number, BillablePiece[]>();
  for (const piece of billablePieces(server, window, settings.billSuspendedTime)) {
    byOwner.set(piece.userId, [...(byOwner.get(piece.userId) ?? []), piece]);
  }
  const byCustomer = new Map<string, ServerUsageLine[]>();
  for (const pieces of byOwner.values()) {
    const { customer } = pieces[pieces.length - 1] as BillablePiece;
    byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), priceServerPart(server, pieces, settings)]);
  }
  return [...byCustomer.entries()]
    .sort(([a], [b]) => compareCustomers(a, b))
    .map(([customer, lines]) => ({ customer, line: joinParts(server, lines, settings) }));
};

/** One server's usage lines for a period (validating the settings first). */
export const computeServerUsage = (server: ServerUsageInput, period: Period, settings: BillingSettings): ServerPart[] => {
  const parsed = parseBillingSettings(settings);
  return priceServerParts(server, billingWindow(period, parsed), parsed);
};
