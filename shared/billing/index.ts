/** The billing engine (billing-rules.md): pure functions of their inputs, no I/O, no clock. */
export { BILLING_MODES, billingModeOf } from './billingMode';
export type { BillingMode } from './billingMode';
export { backupTokens } from './backupTokens';
export { CURRENCY_MINOR_DIGITS, DEFAULT_MINOR_DIGITS, MS_PER_HOUR, USAGE_FLAGS } from './constants';
export { compareCustomers, CUSTOMER_MAX_LENGTH, customerReference, scopedCustomerReference, UNMAPPED_REFERENCE_PREFIX } from './customerReference';
export { divideRoundHalfEven, divideRoundHalfUp, formatDecimal, parseDecimal } from './decimal';
export {
  AmountOutOfRangeError,
  BillingError,
  ConfigurationError,
  InvalidInstantError,
  InvalidIntervalError,
  InvalidPeriodError,
  InvalidUsageInputError,
  OverlappingIntervalsError,
} from './errors';
export { ceilMs, compareExactInstants, formatInstant, isInstant, parseExactInstant, parseInstant } from './instants';
export type { ExactInstant } from './instants';
export { ceilHours, clipInterval, findOverlap } from './intervals';
export { ipTokens } from './ipTokens';
export { lineMoney, priceLines, signedLineMoney, sumMoney, tokensToMinorUnits } from './money';
export {
  daysInMonth,
  hoursInPeriod,
  isLeapYear,
  isPeriod,
  isPeriodInstant,
  nextPeriod,
  parsePeriod,
  periodBounds,
  periodBoundsMs,
  periodOf,
  previousPeriod,
} from './periods';
export type { YearMonth } from './periods';
export { computePeriodUsage } from './periodUsage';
export { groupByPlan } from './planGroups';
export { cappedTokens, groupTokens, runtimeTokens } from './runtimeTokens';
export type { MeteredTime, MeteredTokens } from './runtimeTokens';
export { billablePieces } from './segments';
export { computeServerUsage, priceServerParts } from './serverUsage';
export { billingWindow, parseBillingSettings } from './settings';
export { minorDigitsOf, parseTokenRates } from './tokenRates';
export type {
  BillablePiece,
  BillingSettings,
  CustomerUsage,
  Decimal,
  IsoInstant,
  LineMoney,
  Money,
  MsInterval,
  ParsedBillingSettings,
  ParsedPlan,
  Period,
  PeriodUsage,
  PeriodUsageInput,
  PlanGroup,
  PlanPrices,
  Segment,
  SegmentOwner,
  ServerPart,
  ServerTokens,
  ServerUsageInput,
  ServerUsageLine,
  TokenRate,
  TokenRatesInput,
  UsageFlag,
} from './types';
