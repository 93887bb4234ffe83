import { ConfigurationError } from './errors';
import { parseInstant } from './instants';
import { periodBoundsMs } from './periods';
import { parseTokenRates } from './tokenRates';
import type { BillingSettings, MsInterval, ParsedBillingSettings, Period } from './types';

/**
 * Validates the operator's settings once (at start): `billSuspendedTime` a boolean, `billingStart`
 * absent, null or an ISO instant, `tokenRates` valid. Throws a `ConfigurationError` naming the setting.
 */
export const parseBillingSettings = (settings: BillingSettings): ParsedBillingSettings => {
  if (typeof settings.billSuspendedTime !== 'boolean') {
    throw new ConfigurationError('billSuspendedTime', `must be a boolean, got ${JSON.stringify(settings.billSuspendedTime)}`);
  }
  let billingStartMs: number | undefined;
  if (settings.billingStart !== undefined && settings.billingStart !== null) {
    try {
      billingStartMs = parseInstant(settings.billingStart, 'billingStart');
    } catch (error) {
      const got = JSON.stringify(settings.billingStart);
      throw new ConfigurationError('billingStart', `must be an ISO-8601 UTC instant, got ${got}`, { cause: error });
    }
  }
  return { billSuspendedTime: settings.billSuspendedTime, billingStartMs, rates: parseTokenRates(settings.tokenRates) };
};

/** The billable window of a period: the month, starting no earlier than `billingStart`. */
export const billingWindow = (period: Period, settings: ParsedBillingSettings): MsInterval => {
  const { start, end } = periodBoundsMs(period);
  return { start: Math.max(start, settings.billingStartMs ?? start), end };
};
