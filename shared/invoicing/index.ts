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
export { invoiceDifferences, remoteTotal } from './compareInvoice';
export { BillingSystemNotConfiguredError, CreateOutcomeUnknownError, DuplicateInvoicesError, InvoiceMismatchError, PeriodNotClosedError } from './pushErrors';
export { PUSH_STATES, RECONCILE_STATUSES, RECORD_STATES } from './pushState';
export type { ErrorView, PushRecord, PushRun, PushState, ReconcileStatus, RecordState } from './pushState';
export type { ClaimResult, ClosedInvoicesSource, PushClaim, PushRecordRepository, PushRunRepository, PushSettlement } from './ports';
