/** The parts of the /v1 answers the console reads (docs/openapi.json has them whole). */
import type { Money } from './format';
import type { RunSummary } from '../../shared/runs/runSummary';

export type Scope = 'provisioning' | 'usage:read' | 'periods:write' | 'admin';

export interface KeySelf {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
}

export type Run = RunSummary;

export interface RunsPage {
  readonly runs: readonly Run[];
  readonly nextCursor?: string;
}

export interface Period {
  readonly period: string;
  readonly status: 'open' | 'closing' | 'closed';
  readonly closedAt?: string | null;
  readonly asOf?: string | null;
  readonly totals?: { readonly totalTokens: number; readonly money: Money; readonly customers: number } | null;
  readonly checksum?: string | null;
}

export interface UsageServer {
  readonly serverId: number;
  readonly installation: string;
  readonly hostname?: string;
  readonly runtimeHours: number;
  readonly runtimeTokens: number;
  readonly ipTokens: number;
  readonly backupTokens: number;
  readonly totalTokens: number;
  readonly prepaid: boolean;
  readonly billingMode?: string;
  readonly flags: readonly string[];
  readonly longestGapMinutes?: number;
  readonly money: Money;
  /** An adjustment line: the earlier period it corrects. */
  readonly adjustmentOf?: string;
}

export interface UsageCustomer {
  readonly customer: string;
  readonly totalTokens: number;
  readonly money: Money;
  readonly servers: readonly UsageServer[];
}

export interface Unbilled {
  readonly serverId: number;
  readonly installation: string;
  readonly createdAt?: string;
  readonly deletedAt?: string;
  readonly reason: string;
}

export interface UsagePage {
  readonly period: string;
  readonly status: 'open' | 'closed';
  readonly customers: readonly UsageCustomer[];
  readonly unbilled?: readonly Unbilled[];
  readonly unbilledCount?: number;
  readonly nextCursor?: string;
}

export interface ErrorView {
  readonly code: string;
  readonly message: string;
}

export type ReconcileStatus = 'match' | 'missing' | 'differs' | 'duplicate' | 'skipped' | 'unknown' | 'error';

export interface ReconciledCustomer {
  readonly customer: string;
  readonly status: ReconcileStatus;
  readonly computed: { readonly total: string; readonly lines: number; readonly tag: string } | null;
  readonly push: { readonly status: string; readonly invoiceId: string | null; readonly pushedAt: string | null; readonly error: ErrorView | null; readonly lastError: ErrorView | null } | null;
  readonly remote: { readonly invoiceId: string; readonly status: string; readonly total: string | null; readonly lines: number } | null;
  readonly reason?: string;
  readonly clientCurrency?: string;
  readonly heldGap?: { readonly serverId: number; readonly installation?: string; readonly longestGapMinutes: number };
  readonly differences?: readonly string[];
  readonly invoiceIds?: readonly string[];
  readonly error?: ErrorView;
}

export interface Reconciliation {
  readonly period: string;
  readonly system: string;
  readonly currency: string;
  readonly run: { readonly state: 'running' | 'done'; readonly startedAt: string | null; readonly finishedAt: string | null };
  readonly counts: Readonly<Record<ReconcileStatus, number>>;
  readonly customers: readonly ReconciledCustomer[];
  readonly nextCursor?: string;
}

export interface Segment {
  readonly start: string;
  readonly end: string | null;
  readonly startBy: string;
  readonly endBy: string | null;
  readonly startRun: string | null;
  readonly endRun: string | null;
  readonly customer: string | null;
  readonly owner?: { readonly userId: number; readonly billingUserId: number | null };
  readonly plan: { readonly id: number; readonly tokensPerHour: number; readonly tokensPerMonth: number; readonly ipTokensPerHour?: number; readonly backupPrice?: number };
  readonly backupsEnabled: boolean;
  readonly suspended: boolean;
  readonly additionalIpCount?: number;
}

export interface ServerHistory {
  readonly installation: string;
  readonly serverId: number;
  readonly period: string;
  readonly segments: readonly Segment[];
  readonly runs: readonly { readonly time: string; readonly complete: boolean; readonly suspect: boolean; readonly changes: number }[];
  readonly gaps: readonly { readonly from: string; readonly to: string; readonly minutes: number }[];
  readonly backups: readonly { readonly backupId: number; readonly type: string; readonly status: string; readonly size: number; readonly createdAt: string; readonly firstSeenRun: string; readonly deletedRun?: string }[];
}

export type ServiceState = 'creating' | 'provisioning' | 'active' | 'suspended' | 'failed' | 'terminated';

export interface Service {
  readonly serviceRef: string;
  readonly installation: string;
  readonly state: ServiceState;
  readonly billingMode: string;
  readonly serverId: number | null;
  readonly customer: { readonly email: string; readonly billingClientId: number };
  readonly planId: number;
  readonly hostname: string;
  readonly failureReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ServicesPage {
  readonly services: readonly Service[];
  readonly nextCursor?: string;
}
