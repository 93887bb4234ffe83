import { BridgeError } from '../errors';
import type { BillingSystemName } from './types';

export interface BillingErrorOptions extends ErrorOptions {
  /** The HTTP status, when the system answered one. */
  readonly status?: number;
}

/**
 * Base of every billing-system error. `operation` names the call (`CreateInvoice`,
 * `invoices/add`, `addInvoice`); messages never carry credentials.
 */
export class BillingSystemError extends BridgeError {
  readonly system: BillingSystemName;
  readonly operation: string;
  readonly status: number | undefined;
  /** Whether trying again may succeed (transport errors, 5xx, 429). */
  readonly retryable: boolean = false;

  constructor(system: BillingSystemName, operation: string, message: string, options: BillingErrorOptions = {}) {
    super(`${system} ${operation}: ${message}`, options);
    this.name = 'BillingSystemError';
    this.system = system;
    this.operation = operation;
    this.status = options.status;
  }
}

/** No complete answer: connection refused or dropped, timeout. A write may or may not have happened. */
export class BillingTransportError extends BillingSystemError {
  override readonly retryable = true;
  constructor(system: BillingSystemName, operation: string, message: string, options: BillingErrorOptions = {}) {
    super(system, operation, message, options);
    this.name = 'BillingTransportError';
  }
}

/** The system failed (5xx) or asked us to slow down (429). A write may or may not have happened. */
export class BillingUnavailableError extends BillingSystemError {
  override readonly retryable = true;
  constructor(system: BillingSystemName, operation: string, message: string, options: BillingErrorOptions = {}) {
    super(system, operation, message, options);
    this.name = 'BillingUnavailableError';
  }
}

/** The credentials were refused (or lack the permission for this call). */
export class BillingAuthError extends BillingSystemError {
  constructor(system: BillingSystemName, operation: string, message: string, options: BillingErrorOptions = {}) {
    super(system, operation, message, options);
    this.name = 'BillingAuthError';
  }
}

/** The client id is unknown to the billing system. */
export class BillingClientNotFoundError extends BillingSystemError {
  constructor(system: BillingSystemName, operation: string, message: string, options: BillingErrorOptions = {}) {
    super(system, operation, message, options);
    this.name = 'BillingClientNotFoundError';
  }
}

/** The system refused the request as invalid (a 4xx or an error result that is none of the above). */
export class BillingRejectedError extends BillingSystemError {
  constructor(system: BillingSystemName, operation: string, message: string, options: BillingErrorOptions = {}) {
    super(system, operation, message, options);
    this.name = 'BillingRejectedError';
  }
}

/** The answer did not have the documented shape. */
export class BillingResponseError extends BillingSystemError {
  constructor(system: BillingSystemName, operation: string, message: string, options: BillingErrorOptions = {}) {
    super(system, operation, message, options);
    this.name = 'BillingResponseError';
  }
}
