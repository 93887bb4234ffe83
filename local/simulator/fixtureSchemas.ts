import * as z from 'zod';
import { listingResetShape } from './listing';
import { backupSettingsSchema, idSchema, isoInstantSchema } from './validation';

/**
 * Fixtures: partial SolusIO objects (SolusIO's field names) that `POST /_sim/reset` and the
 * `PATCH /_sim/*` control routes accept. Omitted fields get defaults; in servers, `plan` and
 * `user` may be ids or objects. Unknown fields are ignored.
 */

const count = z.int().nonnegative();

export const planFixtureSchema = z.object({
  id: z.int().positive().optional(),
  name: z.string().min(1).optional(),
  tokens_per_hour: count.optional(),
  tokens_per_month: count.optional(),
  ip_tokens_per_hour: count.optional(),
  ip_tokens_per_month: count.optional(),
  backup_price: z.number().nonnegative().optional(),
  is_backup_available: z.boolean().optional(),
  is_additional_ips_available: z.boolean().optional(),
  is_default: z.boolean().optional(),
  is_visible: z.boolean().optional(),
  position: z.number().optional(),
  params: z.object({ disk: count.optional(), ram: count.optional(), vcpu: count.optional() }).optional(),
});

export const userFixtureSchema = z.object({
  id: z.int().positive().optional(),
  email: z.string().min(1).optional(),
  status: z.enum(['active', 'locked', 'suspended']).optional(),
  billing_user_id: count.nullable().optional(),
  created_at: isoInstantSchema.optional(),
});

const ipv4FixtureSchema = z.object({
  id: z.int().positive().optional(),
  ip: z.string().min(1).optional(),
  is_primary: z.boolean().optional(),
});

export const ipv6FixtureSchema = z.object({ range: z.string().min(1).optional(), primary_ip: z.string().min(1).optional() });

const planRefSchema = z.union([idSchema, planFixtureSchema.extend({ id: z.int().positive() })]);
const userRefSchema = z.union([idSchema, userFixtureSchema.extend({ id: z.int().positive() })]);

export const serverFixtureSchema = z.object({
  id: z.int().positive().optional(),
  uuid: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  plan: planRefSchema.optional(),
  user: userRefSchema.optional(),
  location: z.union([idSchema, z.object({ id: z.int().positive() })]).optional(),
  os: idSchema.optional(),
  compute_resource_id: z.int().positive().optional(),
  status: z.enum(['not exists', 'processing', 'started', 'stopped', 'paused', 'unavailable']).optional(),
  is_suspended: z.boolean().optional(),
  is_processing: z.boolean().optional(),
  backup_settings: backupSettingsSchema.optional(),
  additional_ip_count: count.max(256).optional(),
  ip_addresses: z
    .object({ ipv4: z.array(ipv4FixtureSchema).min(1).optional(), ipv6: ipv6FixtureSchema.nullable().optional() })
    .optional(),
  created_at: isoInstantSchema.optional(),
  fqdns: z.array(z.string()).optional(),
  boot_mode: z.enum(['disk', 'rescue']).optional(),
});

export const backupFixtureSchema = z.object({
  id: z.int().positive().optional(),
  server: idSchema,
  type: z.enum(['full', 'incremental']).optional(),
  creation_method: z.enum(['auto', 'manual']).optional(),
  status: z.enum(['pending', 'in_progress', 'created', 'failed']).optional(),
  size: z.number().nonnegative().optional(),
  backup_progress: z.number().min(0).max(100).optional(),
  backup_fail_reason: z.string().optional(),
  created_at: isoInstantSchema.optional(),
});

export const resetBodySchema = z
  .object({
    seed: z.enum(['demo', 'empty']).optional(),
    plans: z.array(planFixtureSchema).optional(),
    users: z.array(userFixtureSchema).optional(),
    servers: z.array(serverFixtureSchema).optional(),
    backups: z.array(backupFixtureSchema).optional(),
    // How lists are answered (listing.ts): with a seed or with fixtures alike.
    ...listingResetShape,
  })
  .refine((b) => b.seed === undefined || (!b.plans && !b.users && !b.servers && !b.backups), {
    message: 'give either a seed or fixtures, not both',
  });

export type Ipv6Fixture = z.infer<typeof ipv6FixtureSchema>;
export type PlanFixture = z.infer<typeof planFixtureSchema>;
export type UserFixture = z.infer<typeof userFixtureSchema>;
export type ServerFixture = z.infer<typeof serverFixtureSchema>;
export type BackupFixture = z.infer<typeof backupFixtureSchema>;
export type ResetBody = z.infer<typeof resetBodySchema>;

export interface FixtureSet {
  plans?: PlanFixture[];
  users?: UserFixture[];
  servers?: ServerFixture[];
  backups?: BackupFixture[];
}
