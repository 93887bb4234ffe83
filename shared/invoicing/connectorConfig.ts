import { BillingHttp, type BillingRetryPolicy } from './transport';
import type { BillingSystemName } from './types';

/** What every connector is built from; each system reads the two credentials its own way. */
export interface ConnectorConfig {
  /** The system's root URL (WHMCS: where `includes/api.php` lives; Blesta: its installation; HostBill: where `admin/api.php` lives; Ubersmith: where `api/2.0/` lives). */
  readonly baseUrl: string;
  /** WHMCS API identifier, Blesta API user, HostBill API id, Ubersmith API user. */
  readonly identifier: string;
  /** WHMCS API secret, Blesta API key, HostBill API key, Ubersmith API token. */
  readonly secret: string;
  /** WHMCS only: `accesskey`, sent with every call when set (its way past the API IP restriction). */
  readonly accessKey?: string;
  /** The invoices' currency: how many minor digits answered amounts have (default USD). */
  readonly currency?: string;
  readonly timeoutMs?: number;
  readonly retry?: Partial<BillingRetryPolicy>;
  readonly fetch?: typeof fetch;
}

/** The connector's HTTP layer: every credential (and `derivedSecrets`, such as an encoded pair) is redacted from every message. */
export function connectorHttp(system: BillingSystemName, config: ConnectorConfig, derivedSecrets: readonly string[] = []): BillingHttp {
  return new BillingHttp({
    system,
    baseUrl: config.baseUrl,
    secrets: [config.identifier, config.secret, ...(config.accessKey === undefined ? [] : [config.accessKey]), ...derivedSecrets],
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.retry === undefined ? {} : { retry: config.retry }),
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
  });
}
