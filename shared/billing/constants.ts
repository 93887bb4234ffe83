/** Constants of the billing engine. */

export const MS_PER_HOUR = 3_600_000;

/** The first year of an instant (the last is 9999: four digits). */
export const MIN_YEAR = 1970;

/**
 * Years of billing periods (2000-01 to 2999-12): narrower than instants, so that every period's end
 * and any grace after it is still an instant the engine reads (9999-12 ended in year 10000).
 */
export const MIN_PERIOD_YEAR = 2000;
export const MAX_PERIOD_YEAR = 2999;

/** Minor digits of currencies not listed in `CURRENCY_MINOR_DIGITS`. */
export const DEFAULT_MINOR_DIGITS = 2;

/**
 * Every ISO 4217 currency whose minor unit is not 2 (ISO 4217 list one). Any other well-formed
 * three-letter code gets `DEFAULT_MINOR_DIGITS`.
 */
export const CURRENCY_MINOR_DIGITS = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
} as const satisfies Record<string, number>;

/** The flags a usage line may carry, in output order. */
export const USAGE_FLAGS = ['adjustment', 'gap'] as const;
