export { formatMinorUnits, parseAmountMinor } from './amounts';
export { draftInvoices, invoiceTag, invoiceTagPrefix } from './draftInvoices';
export type { DraftInvoiceOptions, DraftInvoicePlan, SkippedCustomer, SkipReason } from './draftInvoices';
export {
  BillingAuthError,
  BillingClientNotFoundError,
  BillingRejectedError,
  BillingResponseError,
  BillingSystemError,
  BillingTransportError,
  BillingUnavailableError,
} from './errors';
export { BILLING_RETRY_DEFAULTS, BillingHttp } from './transport';
export type { BillingHttpConfig, BillingHttpRequest, BillingHttpResponse, BillingRetryPolicy } from './transport';
export { BILLING_SYSTEMS } from './types';
export type { BillingConnector, BillingSystemName, DraftInvoice, DraftInvoiceLine, DraftLineKind, RemoteInvoice, RemoteInvoiceLine } from './types';
