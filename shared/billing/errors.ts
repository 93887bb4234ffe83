/** Errors of the billing engine: one base class, one subclass per kind of fault. */

/** Base class of every error the billing engine throws. */
export class BillingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BillingError';
  }
}

/** An operator setting (token rates, billingStart) is malformed. */
export class ConfigurationError extends BillingError {
  readonly setting: string;

  constructor(setting: string, message: string, options?: ErrorOptions) {
    super(`Invalid setting ${setting}: ${message}`, options);
    this.name = 'ConfigurationError';
    this.setting = setting;
  }
}

/** A string that should be an ISO-8601 UTC instant is not one. */
export class InvalidInstantError extends BillingError {
  readonly value: string;
  readonly field: string;

  constructor(field: string, value: string) {
    super(`${field} is not an ISO-8601 UTC instant (YYYY-MM-DDTHH:MM[:SS[.fff]]Z, years 1970-9999): ${JSON.stringify(value)}`);
    this.name = 'InvalidInstantError';
    this.field = field;
    this.value = value;
  }
}

/** A string that should be a billing period `YYYY-MM` is not one. */
export class InvalidPeriodError extends BillingError {
  readonly value: string;

  constructor(value: string) {
    super(`Not a billing period (YYYY-MM, 2000-01 to 2999-12): ${JSON.stringify(value)}`);
    this.name = 'InvalidPeriodError';
    this.value = value;
  }
}

/** A segment ends before it starts. */
export class InvalidIntervalError extends BillingError {
  readonly serverId: number;
  readonly start: string;
  readonly end: string;

  constructor(serverId: number, start: string, end: string) {
    super(`Server ${serverId} has a segment that ends before it starts: [${start}, ${end})`);
    this.name = 'InvalidIntervalError';
    this.serverId = serverId;
    this.start = start;
    this.end = end;
  }
}

/** Two segments of one server overlap in time. */
export class OverlappingIntervalsError extends BillingError {
  readonly serverId: number;
  readonly first: { readonly start: string; readonly end: string };
  readonly second: { readonly start: string; readonly end: string };

  constructor(
    serverId: number,
    first: { readonly start: string; readonly end: string },
    second: { readonly start: string; readonly end: string },
  ) {
    super(
      `Server ${serverId} has overlapping segments: [${first.start}, ${first.end}) and [${second.start}, ${second.end})`,
    );
    this.name = 'OverlappingIntervalsError';
    this.serverId = serverId;
    this.first = first;
    this.second = second;
  }
}

/** A usage input value is out of its domain (negative count, non-integer price, unknown flag...). */
export class InvalidUsageInputError extends BillingError {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`Invalid usage input ${field}: ${message}`);
    this.name = 'InvalidUsageInputError';
    this.field = field;
  }
}

/** A computed token or money figure does not fit a JSON-safe integer. */
export class AmountOutOfRangeError extends BillingError {
  readonly what: string;

  constructor(what: string, value: bigint) {
    super(`${what} (${value}) exceeds the largest safe integer`);
    this.name = 'AmountOutOfRangeError';
    this.what = what;
  }
}
