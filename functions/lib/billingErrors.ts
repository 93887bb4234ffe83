import { HttpError } from '../../shared/errors';
import { BillingSystemError } from '../../shared/invoicing/errors';

/** The billing system failed or refused a read or write the bridge needed: a 502 that says which and why. */
export class BillingGatewayError extends HttpError {
  constructor(error: BillingSystemError) {
    super(502, error.retryable ? 'billing_system_unavailable' : 'billing_system_error', error.message, { cause: error });
    this.name = 'BillingGatewayError';
    // Its message is the connector's, credentials already redacted: the billing admin needs it.
    Object.defineProperty(this, 'expose', { value: true });
  }
}

/** Runs a call that reaches the billing system; its errors become 502s. */
export async function billingCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof BillingSystemError ? new BillingGatewayError(error) : error;
  }
}
