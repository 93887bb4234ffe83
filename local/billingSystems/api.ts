import type { IncomingHttpHeaders } from 'node:http';
import type { BillingSystemName } from '../../shared/invoicing';
import type { BillingSimStore } from './store';

/** A request to a simulated billing system's API, read once by the shared server. */
export interface BillingApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly bodyText: string;
  /** The body as a form when it is one (`application/x-www-form-urlencoded`), else empty. */
  readonly form: URLSearchParams;
  /** The caller's address, as a system that restricts API access by IP sees it. */
  readonly remoteAddress: string;
}

export interface BillingApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The credentials a simulator accepts: any non-empty ones unless these are set. */
export interface BillingSimCredentials {
  readonly identifier?: string;
  readonly secret?: string;
  /** WHMCS: with it set, every call must carry it as `accesskey` (else 403 `Invalid IP <ip>`). */
  readonly accessKey?: string;
}

/** What one billing system's simulator adds to the shared server: its API's routes, auth and error shapes. */
export interface BillingSystemApi {
  readonly system: BillingSystemName;
  /**
   * The operation a request names (WHMCS action, Blesta `model/method`, HostBill call), used by
   * stats and fault rules; undefined when the request is not for this API (the server answers 404).
   */
  operationOf(request: BillingApiRequest): string | undefined;
  /** The system's own refusal when the credentials do not pass, else undefined. */
  authenticate(request: BillingApiRequest, credentials: BillingSimCredentials): BillingApiResponse | undefined;
  /** Answers an authenticated request for `operation`, reading and changing `store`. */
  handle(request: BillingApiRequest, operation: string, store: BillingSimStore): BillingApiResponse;
  /** The body the system answers with a fault's status (the system's error shape). */
  faultBody(status: number): unknown;
}
