import * as z from 'zod';
import { BILLING_MODES } from '../billing/billingMode';
import { INSTALLATION_ID_MESSAGE, INSTALLATION_ID_PATTERN } from '../installations';

/**
 * The provisioning API's request schemas (camelCase names are the contract with billing systems).
 * The same schemas validate requests and generate the OpenAPI document.
 */

const id = z.int().positive().max(Number.MAX_SAFE_INTEGER);
const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/, 'a host name such as vps1.example.com');

/** A configured SolusIO installation's id (`eu`, `us-east`). */
export const installationIdSchema = z.string().regex(INSTALLATION_ID_PATTERN, INSTALLATION_ID_MESSAGE);

/** The billing system's own service id: the key every hook is idempotent by. */
export const serviceRefSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - (starting with a letter or digit)');

export const createServiceSchema = z
  .strictObject({
    serviceRef: serviceRefSchema,
    installation: installationIdSchema
      .optional()
      .describe('the SolusIO installation to create the server in (GET /v1/catalog lists them); required when several are configured, since location ids repeat across installations'),
    customer: z.strictObject({ email: z.email().max(254), billingClientId: id }),
    planId: id,
    locationId: id,
    osImageId: id.optional(),
    applicationId: id.optional(),
    applicationData: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    hostname,
    password: z.string().min(8).max(128).optional(),
    sshKeys: z.array(id).max(32).optional(),
    userData: z.string().max(16_384).optional(),
    backups: z.boolean(),
    additionalIps: z.int().min(0).max(16),
    billingMode: z.enum(BILLING_MODES),
  })
  .refine((body) => (body.osImageId === undefined) !== (body.applicationId === undefined), {
    message: 'give exactly one of osImageId and applicationId',
    path: ['osImageId'],
  })
  .refine((body) => body.applicationData === undefined || body.applicationId !== undefined, {
    message: 'applicationData goes with applicationId',
    path: ['applicationData'],
  })
  .refine((body) => body.password === undefined || body.sshKeys === undefined, {
    message: 'give a password or sshKeys, not both',
    path: ['password'],
  });

export type CreateServiceRequest = z.infer<typeof createServiceSchema>;

export const changePlanSchema = z.strictObject({ planId: id });
export type ChangePlanRequest = z.infer<typeof changePlanSchema>;

export const updateServiceSchema = z
  .strictObject({ backups: z.boolean().optional(), hostname: hostname.optional() })
  .refine((body) => body.backups !== undefined || body.hostname !== undefined, { message: 'give backups or hostname' });
export type UpdateServiceRequest = z.infer<typeof updateServiceSchema>;

/** Actions that take an empty body. */
export const emptyBodySchema = z.strictObject({});

export const SERVICE_ACTIONS = ['suspend', 'unsuspend', 'start', 'stop', 'restart', 'reset-password'] as const;
export type ServiceAction = (typeof SERVICE_ACTIONS)[number];

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const SERVICE_STATES = ['creating', 'provisioning', 'active', 'suspended', 'failed', 'terminated'] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** A service as the API answers it. */
export const serviceViewSchema = z.object({
  serviceRef: z.string(),
  installation: z.string().describe('the SolusIO installation that holds the server (`default` with the single-installation form)'),
  state: z.enum(SERVICE_STATES),
  billingMode: z.enum(BILLING_MODES),
  serverId: id.nullable(),
  userId: id.nullable(),
  customer: z.object({ email: z.string(), billingClientId: id }),
  planId: id,
  hostname: z.string(),
  ipAddresses: z.array(z.string()).describe('the server\'s IPv4 addresses, primary first; [] before the server exists and after termination'),
  failureReason: z.string().nullable(),
  task: z.object({ id, status: z.string(), action: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ServiceView = z.infer<typeof serviceViewSchema>;

const named = z.object({ id, name: z.string(), installation: z.string().describe('the SolusIO installation it belongs to (ids repeat across installations)') });

/** GET /v1/catalog: what a create may name, every list complete (every installation's, or the one asked for). */
export const catalogViewSchema = z.object({
  installations: z.array(z.string()).describe('the configured SolusIO installations, what a create names as installation'),
  plans: z.array(named.extend({ tokensPerHour: z.int().nonnegative().nullable(), tokensPerMonth: z.int().nonnegative().nullable() })),
  locations: z.array(named),
  osImages: z.array(named.extend({ versions: z.array(z.object({ id: id.describe('what a create names as osImageId'), version: z.string() })) })),
  applications: z.array(named.describe('id: what a create names as applicationId')),
});
export type CatalogView = z.infer<typeof catalogViewSchema>;
