import type { Period } from '../billing';

/** The billing systems the bridge pushes closed periods to. */
export const BILLING_SYSTEMS = ['whmcs', 'blesta', 'hostbill', 'ubersmith'] as const;
export type BillingSystemName = (typeof BILLING_SYSTEMS)[number];

/** What a draft invoice line bills: one kind of a server's usage, or an adjustment of an earlier period. */
export type DraftLineKind = 'runtime' | 'ips' | 'backups' | 'adjustment';

export interface DraftInvoiceLine {
  readonly serverId: number;
  readonly kind: DraftLineKind;
  /** A human line: `server 12: 700 h runtime, November 2026`. */
  readonly description: string;
  /** Exact decimal in the invoice's currency from minor units (`"12.30"`, `"-0.50"`, `"7"` for JPY). */
  readonly amount: string;
  readonly amountMinor: number;
}

/** One customer's invoice for one closed period, as every connector sends it (pure data). */
export interface DraftInvoice {
  readonly period: Period;
  /** The billing system's client id: the customer's billing reference (SolusIO `billing_user_id`). */
  readonly clientId: string;
  /** ISO 4217 code of the amounts. */
  readonly currency: string;
  /** Invoice date `YYYY-MM-DD`: the first day after the period. */
  readonly date: string;
  /** Due date `YYYY-MM-DD`. */
  readonly dueDate: string;
  /** Deterministic: period, customer and the checksum of the customer's lines (see `invoiceTag`). */
  readonly tag: string;
  /** Notes carried by the invoice; they contain the tag, which is how the invoice is found again. */
  readonly notes: string;
  /** Every line is marked taxable (`BILLING_TAXED`): the billing system applies its own tax rules to it. */
  readonly taxed: boolean;
  readonly lines: readonly DraftInvoiceLine[];
  readonly total: string;
  readonly totalMinor: number;
}

/** An invoice line as the billing system holds it. */
export interface RemoteInvoiceLine {
  readonly description: string;
  /** Exact decimal as the system answered it, normalised (`"12.30"`; no thousands separators). */
  readonly amount: string;
}

/** An invoice as the billing system holds it now. */
export interface RemoteInvoice {
  readonly id: string;
  readonly clientId: string;
  /** The system's own status word (`Draft`, `draft`, `Unpaid`, ...). */
  readonly status: string;
  readonly notes: string;
  readonly lines: readonly RemoteInvoiceLine[];
}

/** The currency a billing-system client is billed in, and the decimals the system stores amounts with. */
export interface ClientCurrency {
  /** The system's code of the client's currency (ISO 4217 where the system uses it: `USD`). */
  readonly code: string;
  /** Decimal digits an amount keeps once stored (WHMCS 2, Blesta 4, HostBill its currency's `decimal`, Ubersmith 2). */
  readonly storedDecimals: number;
}

/**
 * A billing system's API as the push needs it. Reads are retried by the connector; `createDraft`
 * is tried once (a lost answer may have created the invoice: the caller looks the tag up again).
 */
export interface BillingConnector {
  readonly system: BillingSystemName;
  /**
   * The client's currency: WHMCS, Blesta and HostBill bill a client in its own currency (Ubersmith: the configured one),
   * so an invoice in another one is never pushed. Unknown client: BillingClientNotFoundError.
   */
  clientCurrency(clientId: string): Promise<ClientCurrency>;
  /**
   * Every invoice of this client whose notes carry `tag` (a tag or a tag prefix), newest first; any
   * status counts. More than one for a customer's period is a duplicate.
   */
  findAllByTag(clientId: string, tag: string): Promise<RemoteInvoice[]>;
  /**
   * Creates the draft invoice and answers its id in the billing system. A create of several calls
   * (HostBill) tells `progress` the id as soon as the invoice exists, before any line, and stops
   * there if that throws.
   */
  createDraft(invoice: DraftInvoice, progress?: CreateProgress): Promise<string>;
  /** The invoice with this id, or undefined when the system has none (deleted). */
  getInvoice(id: string): Promise<RemoteInvoice | undefined>;
  /**
   * Systems whose create takes several calls (HostBill: the invoice, then a call per line): the
   * draft `invoiceId` an interrupted create left, with the computed lines it lacks added in order
   * when every line it has is a computed one (else as it is, to be compared); undefined when the
   * system no longer has it. Tried once, like a create.
   */
  resumeDraft?(invoiceId: string, invoice: DraftInvoice): Promise<RemoteInvoice | undefined>;
}

/** What a create of several calls reports as it goes. */
export interface CreateProgress {
  /** The invoice exists under this id, without lines yet; a throw stops the create here. */
  created(invoiceId: string): Promise<void>;
}
