import type { BillingMode } from '../billing/billingMode';
import type { ServiceState } from './schemas';

/** A service as stored: the billing system's ref mapped to the SolusIO user and server. */
export interface ServiceRecord {
  readonly serviceRef: string;
  /** The SolusIO installation the service's server lives in (`default` until there are several). */
  readonly installation: string;
  readonly state: ServiceState;
  readonly billingMode: BillingMode;
  /** SHA-256 of the create request without its secrets: a replay must carry the same. */
  readonly requestHash: string;
  readonly customer: { readonly email: string; readonly billingClientId: number };
  readonly planId: number;
  /**
   * What the current attempt's create asked SolusIO for: a server created and deleted between two
   * snapshot runs is billed from it (no run ever listed it). Absent on records from before it was kept.
   */
  readonly order?: { readonly planId: number; readonly backups: boolean; readonly additionalIps: number };
  readonly hostname: string;
  /** When the current create attempt began (request time): its quarantine counts from here. */
  readonly claimedAt: string;
  /** The attempt's wall-clock start (ms): tells a live attempt from one a crash left. */
  readonly claimWallMs: number;
  /** The current create attempt: its marker goes into the server's `description`. Empty for records from before markers. */
  readonly attemptId: string;
  /** `unknown`: the attempt's server create got no answer (SolusIO may still make the server). */
  readonly attemptOutcome?: 'unknown';
  readonly userId?: number;
  /** The SolusIO user this service's create made (removed again if SolusIO refuses the create). */
  readonly createdUserId?: number;
  readonly serverId?: number;
  /**
   * The server's IPv4 addresses, primary first, as last observed (create, adoption, GET): kept so
   * every answer shows them without a SolusIO read; GET refreshes them. Absent before a server.
   */
  readonly ipAddresses?: readonly string[];
  readonly taskId?: number;
  readonly failureReason?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** The installation of a service record written before installations existed. */
export { DEFAULT_INSTALLATION } from '../installations';
