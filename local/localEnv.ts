import * as z from 'zod';
import { LocalStartError } from './localStartError';

const port = z.coerce.number().int().min(1).max(65535);

/** The variables of the local contract (local-contract.md), validated once at start. */
const localEnvSchema = z.object({
  PORT: port.default(3000),
  SIM_PORT: port.default(4010),
  DYNAMODB_PORT: port.default(8000),
  DYNAMODB_ENDPOINT: z.url().optional(),
  SOLUSIO_URL: z.url().optional(),
  SOLUSIO_TOKEN: z.string().min(1).optional(),
  /** A comma list of installation ids (`eu,us`): one simulator each (localInstallations.ts). */
  SOLUSIO_INSTALLATIONS: z.string().optional(),
  BRIDGE_ADMIN_KEY: z.string().min(8, 'at least 8 characters').optional(),
  LOCAL_SCHEDULES: z.enum(['on', 'off']).default('on'),
  LOCAL_SEED: z.enum(['demo', 'empty']).default('demo'),
  SIM_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  TOKEN_RATES: z.string().optional(),
  BILLING_START: z.string().optional(),
  BILL_SUSPENDED_TIME: z.string().optional(),
  GAP_TOLERANCE_MINUTES: z.string().optional(),
  CLOSE_GRACE_MINUTES: z.string().optional(),
  BILLING_SYSTEM: z.enum(['none', 'whmcs', 'blesta', 'hostbill', 'ubersmith']).default('none'),
  BILLING_PORT: port.default(4020),
  BILLING_URL: z.url().optional(),
  BILLING_IDENTIFIER: z.string().min(1).optional(),
  BILLING_SECRET: z.string().min(1).optional(),
  BILLING_ACCESS_KEY: z.string().min(1).optional(),
  BILLING_CURRENCY: z.string().optional(),
  BILLING_DUE_DAYS: z.string().optional(),
  BILLING_TAXED: z.string().optional(),
  SOLUSIO_CREATE_QUARANTINE_MINUTES: z.string().optional(),
  PUSH_UNKNOWN_QUARANTINE_MINUTES: z.string().optional(),
  PUSH_HOLD_GAP_HOURS: z.string().optional(),
  SOLUSIO_BACKUP_SCHEDULE: z.string().optional(),
});

export type LocalEnv = z.infer<typeof localEnvSchema>;

export function parseLocalEnv(env: Readonly<Record<string, string | undefined>>): LocalEnv {
  return parseWith(localEnvSchema, env);
}

/**
 * The DynamoDB `npm start` uses, from the same two variables and defaults: DYNAMODB_ENDPOINT, else
 * DynamoDB Local on 127.0.0.1:DYNAMODB_PORT (8000). `npm run keys` finds the local stack's table here.
 */
export function localDynamoDbEndpoint(env: Readonly<Record<string, string | undefined>>): string {
  const { DYNAMODB_ENDPOINT, DYNAMODB_PORT } = parseWith(localEnvSchema.pick({ DYNAMODB_PORT: true, DYNAMODB_ENDPOINT: true }), env);
  return DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${DYNAMODB_PORT}`;
}

function parseWith<T>(schema: z.ZodType<T>, env: Readonly<Record<string, string | undefined>>): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new LocalStartError(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}
