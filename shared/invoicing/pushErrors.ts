import { ConflictError } from '../errors';

/** The billing system holds an invoice of this customer and period whose lines are not the computed ones. */
export class InvoiceMismatchError extends Error {
  constructor(invoiceId: string, differences: readonly string[]) {
    super(
      `Invoice ${invoiceId} of this customer and period is in the billing system but differs from the computed lines (${differences.join('; ')}): ` +
        'a create that stopped part-way, or an earlier computation. Check it, delete it, and push again.',
    );
    this.name = 'InvoiceMismatchError';
  }
}

/** The billing system stores fewer decimals than some line amounts have: it would round them, so nothing is sent. */
export class AmountPrecisionError extends Error {
  constructor(system: string, storedDecimals: number, lines: readonly { readonly description: string; readonly amount: string }[]) {
    super(
      `${system} keeps ${storedDecimals} decimals of an amount and would round ${lines.map((line) => `${line.description} = ${line.amount}`).join('; ')}: ` +
        'nothing was sent. Bill this currency in a system (or currency setting) that keeps its minor unit.',
    );
    this.name = 'AmountPrecisionError';
  }
}

/** More than one invoice of the customer carries the period's tag: nothing is created or adopted. */
export class DuplicateInvoicesError extends Error {
  readonly invoiceIds: readonly string[];
  constructor(invoiceIds: readonly string[]) {
    super(`Invoices ${invoiceIds.join(', ')} all carry this customer's tag for the period: keep one, delete the others in the billing system, and push again.`);
    this.name = 'DuplicateInvoicesError';
    this.invoiceIds = invoiceIds;
  }
}

/** A create got no answer (timeout, dropped connection, 5xx) and its invoice was not (yet) found by its tag. */
export class CreateOutcomeUnknownError extends Error {
  constructor(cause: unknown) {
    super(`The invoice create got no answer (${cause instanceof Error ? cause.message : String(cause)}) and the invoice is not (yet) found by its tag: a lookup at or after settlesAt decides, nothing is created before`, { cause });
    this.name = 'CreateOutcomeUnknownError';
  }
}

/** The id of a draft that now exists could not be written to the push record (the table failed): treated as a create without an answer. */
export class RecordCreatedError extends Error {
  constructor(invoiceId: string, cause: unknown) {
    super(`Draft invoice ${invoiceId} was created but its id could not be recorded (${cause instanceof Error ? cause.message : String(cause)}): it is found again by its tag`, { cause });
    this.name = 'RecordCreatedError';
  }
}

/** Another push took the customer's lease over while this one created: it stops, and the holder decides. */
export class LeaseLostError extends Error {
  constructor(invoiceId: string) {
    super(`Draft invoice ${invoiceId} was created after this push lost the customer's lease: the push holding it now decides`);
    this.name = 'LeaseLostError';
  }
}

export class BillingSystemNotConfiguredError extends ConflictError {
  constructor() {
    super('No billing system is configured (BILLING_SYSTEM=none): only a dry run can push', 'billing_system_not_configured');
    this.name = 'BillingSystemNotConfiguredError';
  }
}

export class PeriodNotClosedError extends ConflictError {
  constructor(period: string) {
    super(`Period ${period} is not closed: only a closed period's invoices are pushed`, 'period_not_closed');
    this.name = 'PeriodNotClosedError';
  }
}
