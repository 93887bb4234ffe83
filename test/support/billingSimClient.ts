import type { BillingSimStatsJson, SimInvoice } from '../../local/billingSystems';

/** The control routes of a billing-system simulator (`/_sim/*`), for tests. */
export class BillingSimClient {
  constructor(private readonly baseUrl: () => string) {}

  /** A control route; throws unless it answers 200. */
  async control<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl()}/_sim/${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as T;
    if (response.status !== 200) throw new Error(`${method} /_sim/${route}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** API requests the simulator counted for an operation (`CreateInvoice`, `invoices/add`, `addInvoice`, ...). */
  async requests(operation: string): Promise<number> {
    return (await this.control<BillingSimStatsJson>('GET', 'stats')).requests[operation] ?? 0;
  }

  async invoices(): Promise<SimInvoice[]> {
    return (await this.control<{ invoices: SimInvoice[] }>('GET', 'invoices')).invoices;
  }

  faults(rules: unknown[]): Promise<unknown> {
    return this.control('POST', 'faults', { rules });
  }
}
