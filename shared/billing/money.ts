import { divideRoundHalfEven, pow10, toSafeNumber } from './decimal';
import type { LineMoney, Money, ServerTokens, TokenRate } from './types';

/** `round_half_even(tokens * rate * 10^minor_digits)`, exactly: one invoice line in minor units. */
export const tokensToMinorUnits = (tokens: number, rate: TokenRate): number =>
  toSafeNumber(
    divideRoundHalfEven(BigInt(tokens) * rate.rate.units * pow10(rate.minorDigits), pow10(rate.rate.scale)),
    `${rate.currency} amount`,
  );

/** One line's money in every configured currency. */
export const lineMoney = (tokens: number, rates: readonly TokenRate[]): Money =>
  Object.fromEntries(rates.map((rate) => [rate.currency, tokensToMinorUnits(tokens, rate)]));

/**
 * One line's money for a signed token count (an adjustment may be a credit): rounded half even
 * symmetrically, so -7 tokens at USD 0.001 is -1 cent, the mirror of 7 tokens.
 */
export const signedLineMoney = (tokens: number, rates: readonly TokenRate[]): Money =>
  tokens >= 0 ? lineMoney(tokens, rates) : Object.fromEntries(Object.entries(lineMoney(-tokens, rates)).map(([currency, minor]) => [currency, minor === 0 ? 0 : -minor]));

/** Per-currency sum of already rounded amounts (every rate's currency present, 0 when none). */
export const sumMoney = (amounts: readonly Money[], rates: readonly TokenRate[]): Money =>
  Object.fromEntries(
    rates.map(({ currency }) => [
      currency,
      toSafeNumber(
        amounts.reduce((sum, money) => sum + BigInt(money[currency] ?? 0), 0n),
        `${currency} total`,
      ),
    ]),
  );

/** A server's three invoice lines (runtime, additional IPs, backups), each converted on its own. */
export const priceLines = (tokens: ServerTokens, rates: readonly TokenRate[]): LineMoney => {
  const runtime = lineMoney(tokens.runtimeTokens, rates);
  const ips = lineMoney(tokens.ipTokens, rates);
  const backups = lineMoney(tokens.backupTokens, rates);
  return { runtime, ips, backups, total: sumMoney([runtime, ips, backups], rates) };
};
