import { HttpError } from '../../../shared/errors';
import { BillingSystemError } from '../../../shared/invoicing/errors';
import {
  SolusApiError,
  SolusDeadlineExceededError,
  SolusNotFoundError,
  SolusTimeoutError,
  SolusValidationError,
} from '../../../shared/solusio';

/** An upstream error exposed to the API caller: its message names the call, never a secret (the clients redact). */
class UpstreamHttpError extends HttpError {
  constructor(statusCode: number, code: string, message: string, cause: unknown) {
    super(statusCode, code, message, { cause });
    this.name = 'UpstreamHttpError';
    Object.defineProperty(this, 'expose', { value: true });
  }
}

interface UpstreamRule {
  readonly matches: (error: unknown) => boolean;
  readonly status: number;
  readonly code: string;
  readonly message: (error: Error) => string;
}

function fieldErrors(error: SolusValidationError): string {
  const fields = Object.entries(error.fieldErrors).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
  return fields.length > 0 ? fields.join('; ') : error.message;
}

/**
 * How faults of SolusIO and of the billing system reach the API caller, in one table, first match
 * wins: SolusIO's refusal as a 422 with its field messages, a timeout as a 504 (the outcome of a
 * write is then unknown), every other upstream fault as a 502 that names the call.
 */
export const UPSTREAM_ERROR_TABLE: readonly UpstreamRule[] = [
  {
    matches: (error) => error instanceof SolusValidationError,
    status: 422,
    code: 'solusio_rejected',
    message: (error) => `SolusIO refused ${describeCall(error)}: ${fieldErrors(error as SolusValidationError)}`,
  },
  { matches: (error) => error instanceof SolusNotFoundError, status: 404, code: 'not_found', message: (error) => `SolusIO does not know ${describeCall(error)}` },
  {
    matches: (error) => error instanceof SolusTimeoutError || error instanceof SolusDeadlineExceededError,
    status: 504,
    code: 'solusio_timeout',
    message: (error) => `SolusIO did not answer in time: ${error.message}`,
  },
  { matches: (error) => error instanceof SolusApiError, status: 502, code: 'solusio_unavailable', message: (error) => `SolusIO failed: ${error.message}` },
  {
    matches: (error) => error instanceof BillingSystemError && error.retryable,
    status: 502,
    code: 'billing_system_unavailable',
    message: (error) => error.message,
  },
  { matches: (error) => error instanceof BillingSystemError, status: 502, code: 'billing_system_error', message: (error) => error.message },
];

function describeCall(error: Error): string {
  return error instanceof SolusApiError ? `${error.method} ${error.path}` : 'the request';
}

/** The HTTP error an upstream fault maps to, or the error itself when it is not one. */
export function mapUpstreamError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof HttpError) return error;
  const rule = UPSTREAM_ERROR_TABLE.find((candidate) => candidate.matches(error));
  return rule === undefined ? error : new UpstreamHttpError(rule.status, rule.code, rule.message(error), error);
}
