/** An invoice line as a simulated billing system keeps it. */
export interface SimInvoiceItem {
  readonly id: number;
  description: string;
  /** A decimal as the system stores it (`"12.30"`). */
  amount: string;
  /** Marked taxable (WHMCS `itemtaxedN`, Blesta line `tax`, HostBill `tax`). */
  readonly taxed: boolean;
}

/** An invoice as a simulated billing system keeps it (shared by the three simulators). */
export interface SimInvoice {
  readonly id: number;
  readonly clientId: string;
  /** The system's own status word (`Draft`, `draft`, ...). */
  status: string;
  readonly date: string;
  readonly dueDate: string;
  notes: string;
  readonly currency: string;
  items: SimInvoiceItem[];
}

export interface NewSimInvoice {
  readonly clientId: string;
  readonly status: string;
  readonly date: string;
  readonly dueDate: string;
  readonly notes: string;
  readonly currency: string;
  readonly items: readonly { readonly description: string; readonly amount: string; readonly taxed: boolean }[];
}

/** A client of a simulated billing system; without a currency it is billed in the system's default one. */
export interface SimClient {
  readonly id: string;
  readonly currency?: string;
}

/** The in-memory state of a simulated billing system: its clients and invoices. */
export class BillingSimStore {
  private invoices = new Map<number, SimInvoice>();
  private nextInvoiceId = 1;
  private nextItemId = 1;
  /** Client id -> its currency; undefined: every positive integer id is a client in the default currency (so any SolusIO fixture maps). */
  private clients: ReadonlyMap<string, string> | undefined;

  /** `currency`: the system's default currency, the one a client without its own is billed in. */
  constructor(readonly currency = 'USD') {}

  reset(clients?: readonly SimClient[]): void {
    this.invoices = new Map();
    this.nextInvoiceId = 1;
    this.nextItemId = 1;
    this.clients = clients === undefined ? undefined : new Map(clients.map((client) => [client.id, client.currency ?? this.currency]));
  }

  hasClient(clientId: string): boolean {
    return this.clientCurrency(clientId) !== undefined;
  }

  /** The currency the client is billed in; undefined for an unknown client. */
  clientCurrency(clientId: string): string | undefined {
    if (this.clients === undefined) return /^[1-9]\d{0,9}$/.test(clientId) ? this.currency : undefined;
    return this.clients.get(clientId);
  }

  /** Every currency the system bills in: the default first, then the clients' own, sorted. */
  currencies(): string[] {
    const others = new Set([...(this.clients?.values() ?? [])].filter((currency) => currency !== this.currency));
    return [this.currency, ...[...others].sort()];
  }

  addInvoice(input: NewSimInvoice): SimInvoice {
    const invoice: SimInvoice = {
      id: this.nextInvoiceId++,
      clientId: input.clientId,
      status: input.status,
      date: input.date,
      dueDate: input.dueDate,
      notes: input.notes,
      currency: input.currency,
      items: input.items.map((item) => ({ id: this.nextItemId++, description: item.description, amount: item.amount, taxed: item.taxed })),
    };
    this.invoices.set(invoice.id, invoice);
    return invoice;
  }

  get(id: number): SimInvoice | undefined {
    return this.invoices.get(id);
  }

  /** A client's invoices, newest first (as the systems list them by default). */
  listByClient(clientId: string): SimInvoice[] {
    return [...this.invoices.values()].filter((invoice) => invoice.clientId === clientId).sort((a, b) => b.id - a.id);
  }

  all(): SimInvoice[] {
    return [...this.invoices.values()].sort((a, b) => a.id - b.id);
  }

  delete(id: number): boolean {
    return this.invoices.delete(id);
  }
}
