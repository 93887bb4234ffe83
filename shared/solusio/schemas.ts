import * as z from 'zod';
import { InvalidInstantError, parseExactInstant } from '../billing';
import { SolusSchemaError, type SchemaIssue, type SolusRequestInfo } from './errors';

/**
 * The SolusIO JSON the bridge reads, as zod schemas that turn it into the client's domain types.
 * Only the fields the bridge uses are checked and kept (SolusIO may add fields at will), but each
 * of those is required: a missing or malformed one is a `SolusSchemaError`, never a default that
 * would bill a server wrongly. Enumerations are closed only where the bridge decides on the value
 * (task and backup status); informational ones (server and user status, backup type) stay
 * strings, so that a status added by a SolusIO upgrade does not stop every snapshot run.
 */

export const TASK_STATUSES = ['pending', 'queued', 'running', 'done', 'done_with_errors', 'failed', 'canceled'] as const;
export type SolusTaskStatus = (typeof TASK_STATUSES)[number];

export const BACKUP_STATUSES = ['pending', 'in_progress', 'created', 'failed'] as const;
export type SolusBackupStatus = (typeof BACKUP_STATUSES)[number];

export interface SolusPlan {
  readonly id: number;
  readonly name: string;
  readonly tokensPerHour: number;
  readonly tokensPerMonth: number;
  readonly ipTokensPerHour: number;
  readonly ipTokensPerMonth: number;
  /** Percent of the runtime price (a number, may have decimals). */
  readonly backupPrice: number;
}

export interface SolusUser {
  readonly id: number;
  readonly email: string;
  /** `active | locked | suspended` as documented; kept as sent. */
  readonly status: string;
  /** The billing system's client id as SolusIO sent it: 0 and null both mean "not set". */
  readonly billingUserId: number | null;
}

export interface SolusIpv4 {
  readonly id: number;
  readonly ip: string;
  readonly isPrimary: boolean;
}

export interface SolusServer {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  /** `not exists | processing | started | stopped | paused | unavailable` as documented; kept as sent. */
  readonly status: string;
  readonly isSuspended: boolean;
  readonly isProcessing: boolean;
  readonly plan: SolusPlan;
  readonly user: SolusUser;
  readonly backupsEnabled: boolean;
  readonly ipv4: readonly SolusIpv4[];
  /** The IPv4 addresses that are not primary: the additional IPs the plan's IP price applies to. */
  readonly additionalIpv4Count: number;
  /** A UTC instant, as sent. */
  readonly createdAt: string;
  /** Free text SolusIO keeps with the server (the Go SDK's `VirtualServer.Description`): the bridge's create marker. */
  readonly description: string;
}

export interface SolusBackup {
  readonly id: number;
  /** `full | incremental` as documented; kept as sent. */
  readonly type: string;
  /** `auto | manual` as documented; kept as sent. */
  readonly creationMethod: string;
  readonly status: SolusBackupStatus;
  /** GiB. */
  readonly size: number;
  readonly createdAt: string;
  /** The server the backup belongs to, when SolusIO embeds it (`compute_resource_vm`). */
  readonly serverId?: number;
}

export interface SolusActivityLog {
  readonly id: number;
  readonly event: string;
  readonly userEmail: string;
  readonly createdAt: string;
  /** Free-form JSON; read only by `readActivityLogEntry`. */
  readonly data: unknown;
}

export interface SolusTask {
  /** What SolusIO wrote about the task (the reason of a failure); may be empty. */
  readonly output: string;
  readonly id: number;
  readonly status: SolusTaskStatus;
  /** `vm-suspend`, `vm-delete`, ... as sent; empty when SolusIO left it out. */
  readonly action: string;
}

export interface SolusPage<T> {
  readonly page: number;
  readonly lastPage: number;
  readonly items: T[];
}

const id = z.int().positive();
const count = z.int().nonnegative();

const MAX_SHOWN_VALUE = 60;

/** An ISO-8601 UTC instant, checked by the project's one instant parser and kept as sent. */
export const instantSchema = z.string().check((ctx) => {
  try {
    parseExactInstant(ctx.value);
  } catch (error) {
    if (!(error instanceof InvalidInstantError)) throw error;
    const shown = ctx.value.length > MAX_SHOWN_VALUE ? `${ctx.value.slice(0, MAX_SHOWN_VALUE)}...` : ctx.value;
    ctx.issues.push({ code: 'custom', message: `not an ISO-8601 UTC instant (Z or +00:00): ${JSON.stringify(shown)}`, input: ctx.value });
  }
});

export const planSchema = z
  .object({
    id,
    name: z.string(),
    tokens_per_hour: count,
    tokens_per_month: count,
    ip_tokens_per_hour: count,
    ip_tokens_per_month: count,
    backup_price: z.number().nonnegative(),
  })
  .transform(
    (p): SolusPlan => ({
      id: p.id,
      name: p.name,
      tokensPerHour: p.tokens_per_hour,
      tokensPerMonth: p.tokens_per_month,
      ipTokensPerHour: p.ip_tokens_per_hour,
      ipTokensPerMonth: p.ip_tokens_per_month,
      backupPrice: p.backup_price,
    }),
  );

export const userSchema = z
  .object({
    id,
    email: z.string().min(1),
    status: z.string().min(1),
    // Required: a user without the key is not "not set", it is a response we do not understand.
    billing_user_id: count.nullable(),
  })
  .transform((u): SolusUser => ({ id: u.id, email: u.email, status: u.status, billingUserId: u.billing_user_id }));

const ipv4Schema = z
  .object({ id, ip: z.string().min(1), is_primary: z.boolean() })
  .transform((ip): SolusIpv4 => ({ id: ip.id, ip: ip.ip, isPrimary: ip.is_primary }));

export const serverSchema = z
  .object({
    id,
    uuid: z.string().min(1),
    name: z.string().min(1),
    status: z.string().min(1),
    is_suspended: z.boolean(),
    is_processing: z.boolean(),
    plan: planSchema,
    user: userSchema,
    backup_settings: z.object({ enabled: z.boolean() }),
    ip_addresses: z.object({ ipv4: z.array(ipv4Schema) }),
    created_at: instantSchema,
    // Optional: a SolusIO that leaves it out has no marker on any server, which adopts nothing.
    description: z.string().nullish(),
  })
  .transform(
    (s): SolusServer => ({
      id: s.id,
      uuid: s.uuid,
      name: s.name,
      status: s.status,
      isSuspended: s.is_suspended,
      isProcessing: s.is_processing,
      plan: s.plan,
      user: s.user,
      backupsEnabled: s.backup_settings.enabled,
      ipv4: s.ip_addresses.ipv4,
      additionalIpv4Count: s.ip_addresses.ipv4.filter((ip) => !ip.isPrimary).length,
      createdAt: s.created_at,
      description: s.description ?? '',
    }),
  );

/** Catalog entries a create refers to (location, OS image version, application): only their id is read. */
export const catalogEntrySchema = z.object({ id }).transform((entry) => ({ id: entry.id }));

export const backupSchema = z
  .object({
    id,
    type: z.string().min(1),
    creation_method: z.string().min(1),
    status: z.enum(BACKUP_STATUSES),
    size: z.number().nonnegative(),
    created_at: instantSchema,
    // Only the id of the embedded server is read: the rest of it is not this list's business.
    compute_resource_vm: z.object({ id }).nullish(),
  })
  .transform(
    (b): SolusBackup => ({
      id: b.id,
      type: b.type,
      creationMethod: b.creation_method,
      status: b.status,
      size: b.size,
      createdAt: b.created_at,
      ...(b.compute_resource_vm ? { serverId: b.compute_resource_vm.id } : {}),
    }),
  );

export const activityLogSchema = z
  .object({
    id,
    event: z.string().min(1),
    user_email: z.string(),
    created_at: instantSchema,
    data: z.unknown(),
  })
  .transform((e): SolusActivityLog => ({ id: e.id, event: e.event, userEmail: e.user_email, createdAt: e.created_at, data: e.data }));

/**
 * A task as the Go SDK's `Task` (tasks.go) declares it: `id, compute_resource_id, queue, action,
 * status, output, progress, duration`. Only what the bridge decides on is required (the id, which
 * the SDK's asyncPost also insists on, and the status); nothing names the task's server (the SDK
 * finds a server's tasks with `filter[compute_resource_vm_id]`), so an accepted action is never
 * refused for lacking it.
 */
export const taskSchema = z
  .object({
    id,
    status: z.enum(TASK_STATUSES),
    action: z.string().nullish(),
    output: z.string().nullish(),
  })
  .transform((t): SolusTask => ({ id: t.id, status: t.status, action: t.action ?? '', output: t.output ?? '' }));

/** A Laravel page (`data`, `links`, `meta`): only what walking the pages needs is required. */
export const pageSchema = <T>(item: z.ZodType<T>) =>
  z.object({
    data: z.array(item),
    links: z.object({ next: z.string().min(1).nullable() }),
    meta: z.object({ current_page: id, last_page: id }),
  });

/** A single resource: `{ "data": {...} }`. */
export const itemSchema = <T>(item: z.ZodType<T>) => z.object({ data: item });

const issuePath = (path: readonly PropertyKey[]): string => (path.length ? path.map(String).join('.') : '(body)');

/** Parses a response body, or throws a `SolusSchemaError` naming the request and every field path. */
export function parseResponse<T>(schema: z.ZodType<T>, body: unknown, request: SolusRequestInfo): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues: SchemaIssue[] = result.error.issues.map((issue) => ({ path: issuePath(issue.path), message: issue.message }));
  throw new SolusSchemaError(request, issues);
}
