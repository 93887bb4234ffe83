import * as z from 'zod';
import { SCOPES } from '../auth/scopes';
import { BILLING_MODES } from '../billing/billingMode';
import { CUSTOMER_MAX_LENGTH } from '../billing/customerReference';
import { catalogViewSchema, changePlanSchema, createServiceSchema, serviceRefSchema, serviceViewSchema, updateServiceSchema } from '../provisioning/schemas';
import { UNBILLED_REASONS } from '../snapshots/shortLived';
import { OPERATOR_SPEC } from './operatorSpec';
import { pushReport, reconciliation } from './pushSchemas';
import { instant, period } from './baseSchemas';

/**
 * Every route of the HTTP API with the schemas that validate it: the OpenAPI document is generated
 * from this, and a test holds it equal to `functions/catalog.ts`.
 */

export interface RouteSpec {
  readonly summary: string;
  /** The scope a key needs; absent: no key (unless `anyKey`). */
  readonly scope?: (typeof SCOPES)[number];
  /** Any valid key, whatever its scopes. */
  readonly anyKey?: true;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly headers?: z.ZodObject;
  readonly status: number;
  readonly response?: z.ZodType;
  /** Other success answers of the route (`POST .../push` with `dryRun`: 200). */
  readonly alternatives?: Readonly<Record<number, { readonly description: string; readonly response: z.ZodType }>>;
}

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const customerQuery = z.string().min(1).max(CUSTOMER_MAX_LENGTH).describe('a customer reference');
const money = z.record(z.string(), z.int()).describe('integer minor units per currency');
const hostname = z.string().describe('the server\'s hostname (SolusIO `name`) as last observed in the period; absent when never observed. Metadata: it prices nothing');
const longestGapMinutes = z
  .int()
  .positive()
  .describe("the longest single snapshot gap inside the customer's billable time on the server in the period, whole minutes; absent when there was none. A push holds the customer past PUSH_HOLD_GAP_HOURS");
const refParams = z.object({ ref: serviceRefSchema });
const idempotencyHeaders = z.object({ 'Idempotency-Key': z.string().min(1).max(255).optional() });

const installation = z.string().describe('the SolusIO installation of the server (`default` on a single-installation stack)');
const usageLine = z.object({
  serverId: z.int(),
  installation,
  hostname: hostname.optional(),
  runtimeHours: z.int(),
  runtimeTokens: z.int(),
  ipTokens: z.int(),
  backupTokens: z.int(),
  totalTokens: z.int(),
  prepaid: z.boolean(),
  billingMode: z
    .enum(BILLING_MODES)
    .describe('postpaid: the invoice push bills it; prepaid: the billing system bills a fixed price (0 tokens); metered: tokens as postpaid, priced by the billing system\'s own usage billing, never pushed. Servers the bridge did not create: postpaid'),
  flags: z.array(z.enum(['adjustment', 'gap'])),
  longestGapMinutes: longestGapMinutes.optional(),
  money,
  adjustmentOf: period.optional(),
});
const unbilledServer = z
  .object({
    serverId: z.int(),
    installation: z.string().describe('the SolusIO installation (`default`)'),
    createdAt: instant.describe('its `compute_resource_vm_created` activity-log entry'),
    deletedAt: instant.nullable().describe('its `compute_resource_vm_delete_requested` entry; null when no record dates its end'),
    reason: z
      .enum(UNBILLED_REASONS)
      .describe(
        'not_made_by_bridge: created outside the provisioning API, and the activity log does not carry owner or plan; deletion_time_unknown: no delete request entry; ' +
          'plan_unknown: the plan it was created with is no longer listed; service_record_incomplete: the service record does not hold what was created',
      ),
  })
  .describe('a server that existed in the period (created and deleted between two complete snapshot runs) and that the bridge cannot price');
const usageSchema = z.object({
  period,
  status: z.enum(['open', 'closed']),
  customers: z.array(z.object({ customer: z.string(), totalTokens: z.int(), money, servers: z.array(usageLine) })),
  unbilled: z.array(unbilledServer).describe('the period\'s servers the records show existed and the bridge cannot bill, oldest first (at most 1,000; on every page and for every customer)'),
  unbilledCount: z.int().describe('how many unbilled servers the period has'),
  nextCursor: z.string().optional(),
});
const totals = z.object({ totalTokens: z.int(), money, customers: z.int() });
const periodView = z.object({ period, status: z.enum(['open', 'closing', 'closed']).describe('closing: a close holds the period until it commits'), closedAt: instant.nullable(), asOf: instant.nullable(), totals: totals.nullable(), checksum: z.string().nullable() });
const invoiceLine = z.object({
  customer: z.string(),
  serverId: z.int(),
  installation: installation.optional().describe('the SolusIO installation of the server; absent for `default`'),
  hostname: hostname.optional(),
  kind: z.enum(['runtime', 'ips', 'backups']),
  adjustmentOf: period.optional(),
  hours: z.int().optional(),
  tokens: z.int(),
  money,
  prepaid: z.boolean(),
  metered: z.literal(true).optional().describe('a metered server\'s line: the invoice push leaves it out'),
  flags: z.array(z.enum(['adjustment', 'gap'])),
  longestGapMinutes: longestGapMinutes.optional(),
  description: z
    .string()
    .describe('`<hostname> (server <id>): <what>, <Month Year>`, or `server <id>: ...` when no hostname is known; with several installations configured `<hostname> (server <id>, <installation>): ...` or `server <id> (<installation>): ...`'),
});
const closeResult = totals.extend({ period, status: z.literal('closed'), closedAt: instant, checksum: z.string() });
const keyView = z.object({ id: z.string(), name: z.string(), scopes: z.array(z.enum(SCOPES)), prefix: z.string(), createdAt: instant, lastUsedAt: instant.nullable().optional(), revokedAt: instant.nullable().optional() });

export const API_SPEC: Readonly<Record<string, RouteSpec>> = {
  'GET /v1/health': {
    summary: 'Health: the table answers; the latest complete snapshot run; suspect runs',
    status: 200,
    response: z.object({ status: z.enum(['ok', 'suspect']), latestCompleteRun: instant.nullable(), latestRun: z.object({ time: instant, complete: z.boolean(), suspect: z.boolean(), suspectServerIds: z.array(z.int()) }).nullable() }),
  },
  'GET /v1/openapi.json': { summary: 'This document', status: 200 },
  'GET /v1/usage': {
    summary: 'Usage of a period per customer, paged by customer',
    scope: 'usage:read',
    query: z.object({ period, customer: customerQuery.optional(), limit: z.string().regex(/^\d+$/).optional().describe('1-1000, default 100'), cursor: z.string().optional().describe('nextCursor of the previous page (else 400 invalid_cursor)') }),
    status: 200,
    response: usageSchema,
  },
  'GET /v1/periods': { summary: 'Every period with its state and totals', scope: 'usage:read', status: 200, response: z.object({ periods: z.array(periodView) }) },
  'GET /v1/periods/{period}': { summary: 'One period', scope: 'usage:read', params: z.object({ period }), status: 200, response: periodView },
  'GET /v1/periods/{period}/invoices': {
    summary: 'Invoice lines per customer (frozen once closed, a preview while open)',
    scope: 'usage:read',
    params: z.object({ period }),
    query: z.object({ customer: customerQuery.optional() }),
    status: 200,
    response: z.object({ period, status: z.enum(['open', 'closed']), customers: z.array(z.object({ customer: z.string(), totalTokens: z.int(), money, lines: z.array(invoiceLine) })) }),
  },
  'POST /v1/periods/{period}/close': { summary: 'Close a period that is due (409 when not)', scope: 'periods:write', params: z.object({ period }), status: 200, response: closeResult },
  'POST /v1/periods/{period}/push': {
    summary: 'Hand a closed period to push-invoices (202), which pushes it as draft invoices once per customer; dryRun: what would be sent (200)',
    scope: 'periods:write',
    params: z.object({ period }),
    body: z.strictObject({
      dryRun: z.boolean().optional().describe('answer at once (200) what a push would send'),
      repushMissing: z.boolean().optional().describe('push anew the customers whose invoice was deleted in the billing system'),
      confirmGaps: z.boolean().optional().describe('push the customers held for a snapshot gap longer than PUSH_HOLD_GAP_HOURS too (held_gap): an operator checked them'),
    }),
    status: 202,
    response: z.object({
      period,
      accepted: z.literal(true),
      heldForGaps: z
        .array(z.object({ customer: z.string(), serverId: z.int(), installation: z.string().optional().describe('the server\'s SolusIO installation; absent for `default`'), longestGapMinutes: z.int() }))
        .optional()
        .describe('without confirmGaps: the customers earlier pushes held for a snapshot gap (their push records), which this push holds again'),
    }),
    alternatives: { 200: { description: 'dryRun: the push answer, nothing sent', response: pushReport } },
  },
  'GET /v1/periods/{period}/pushes': {
    summary: 'Reconciliation, a page of customers: computed vs push record vs every invoice the billing system holds with the tag',
    scope: 'usage:read',
    params: z.object({ period }),
    query: z.object({
      customer: customerQuery.optional(),
      limit: z.string().regex(/^\d+$/).optional().describe('1-100, default 25'),
      cursor: z.string().optional().describe('nextCursor of the previous page'),
    }),
    status: 200,
    response: reconciliation,
  },
  'GET /v1/servers/{serverId}/history': {
    summary: 'Why a server was charged what it was: segments, the runs behind them, gaps, backups',
    scope: 'usage:read',
    params: z.object({ serverId: z.string().regex(/^[1-9]\d*$/) }),
    query: z.object({
      period,
      installation: z.string().optional().describe('the SolusIO installation the server belongs to; may be left out when one is configured (else 400 installation_required; one not configured: 400 unknown_installation)'),
    }),
    status: 200,
  },
  'POST /v1/runs/{time}/confirm-deletions': {
    summary: 'End the servers a suspect snapshot run held open, at their last sighting',
    scope: 'admin',
    params: z.object({ time: instant }),
    query: z.object({
      installation: z.string().optional().describe('the SolusIO installation whose run it was; may be left out when one is configured (else 400 installation_required; one not configured: 400 unknown_installation)'),
    }),
    status: 200,
    response: z.object({ installation: z.string(), run: instant, confirmed: z.array(z.int()), alreadyResolved: z.array(z.int()) }),
  },
  'POST /v1/keys': {
    summary: 'Create an API key (shown once)',
    scope: 'admin',
    body: z.strictObject({ name: z.string().min(1).max(100), scopes: z.array(z.enum(SCOPES)).min(1) }),
    status: 201,
    response: keyView.extend({ key: z.string() }),
  },
  'GET /v1/keys': { summary: 'List API keys (never the keys themselves)', scope: 'admin', status: 200, response: z.object({ keys: z.array(keyView) }) },
  'DELETE /v1/keys/{id}': { summary: 'Revoke an API key', scope: 'admin', params: z.object({ id: z.string().min(1) }), status: 204 },
  'GET /v1/catalog': {
    summary: 'SolusIO plans (with their tokens), locations, OS images with their versions and applications, every page read: every installation\'s (each item naming it), or only the one asked for',
    scope: 'provisioning',
    query: z.object({ installation: z.string().optional().describe('only this installation\'s lists (else 400 unknown_installation)') }),
    status: 200,
    response: catalogViewSchema,
  },
  'POST /v1/services': {
    summary: 'Create a service in an installation: find or create the SolusIO user, create the server (idempotent by serviceRef; 400 installation_required when several installations are configured and none is named)',
    scope: 'provisioning',
    headers: idempotencyHeaders,
    body: createServiceSchema,
    status: 202,
    response: serviceViewSchema,
  },
  'GET /v1/services/{ref}': { summary: 'A service and its server', scope: 'provisioning', params: refParams, status: 200, response: serviceViewSchema },
  'PATCH /v1/services/{ref}': { summary: 'Backups on/off, host name', scope: 'provisioning', params: refParams, headers: idempotencyHeaders, body: updateServiceSchema, status: 200, response: serviceViewSchema },
  'DELETE /v1/services/{ref}': { summary: 'Terminate a service', scope: 'provisioning', params: refParams, headers: idempotencyHeaders, status: 202, response: serviceViewSchema },
  'POST /v1/services/{ref}/suspend': { summary: 'Suspend', scope: 'provisioning', params: refParams, headers: idempotencyHeaders, status: 202, response: serviceViewSchema },
  'POST /v1/services/{ref}/unsuspend': { summary: 'Unsuspend', scope: 'provisioning', params: refParams, headers: idempotencyHeaders, status: 202, response: serviceViewSchema },
  'POST /v1/services/{ref}/start': { summary: 'Power on', scope: 'provisioning', params: refParams, headers: idempotencyHeaders, status: 202, response: serviceViewSchema },
  'POST /v1/services/{ref}/stop': { summary: 'Power off', scope: 'provisioning', params: refParams, headers: idempotencyHeaders, status: 202, response: serviceViewSchema },
  'POST /v1/services/{ref}/restart': { summary: 'Restart', scope: 'provisioning', params: refParams, headers: idempotencyHeaders, status: 202, response: serviceViewSchema },
  'POST /v1/services/{ref}/reset-password': { summary: 'Reset the root password (SolusIO mails it)', scope: 'provisioning', params: refParams, headers: idempotencyHeaders, status: 202, response: serviceViewSchema },
  'POST /v1/services/{ref}/change-plan': { summary: 'Change plan (resize)', scope: 'provisioning', params: refParams, headers: idempotencyHeaders, body: changePlanSchema, status: 202, response: serviceViewSchema },
  ...OPERATOR_SPEC,
};

export { errorSchema };

