import { z } from 'zod';
import { BillingError, parseBillingSettings } from '../../shared/billing';

/**
 * What an operator sets for a deployment, from CDK context (`cdk deploy -c solusioUrl=...`).
 * Validated at synth so a typo fails before anything is deployed.
 */
const infraConfigSchema = z.object({
  stage: z.string().regex(/^[a-z0-9-]+$/).default('dev'),
  solusioUrl: z.url().default('https://solusio.example.invalid/api/v1'),
  solusioTokenSecretName: z.string().min(1).default('solus-billing-bridge/solusio-token'),
  tokenRates: z.string().default('{"USD":"0.001"}'),
  // cdk.json may hold a JSON boolean, `-c` always gives a string: the Lambda environment wants the string.
  billSuspendedTime: z.union([z.boolean().transform(String), z.enum(['true', 'false'])]).default('false'),
  billingStart: z.iso.datetime({ offset: false }).optional(),
  gapToleranceMinutes: z.coerce.number().int().positive().default(30),
  closeGraceMinutes: z.coerce.number().int().positive().default(120),
  alarmEmail: z.email().optional(),
});

export type InfraConfig = z.infer<typeof infraConfigSchema>;

export function parseInfraConfig(context: Readonly<Record<string, unknown>>): InfraConfig {
  const parsed = infraConfigSchema.safeParse(context);
  if (!parsed.success) {
    throw new Error(`Invalid CDK context: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  assertBillingSettings(parsed.data);
  return parsed.data;
}

/** The billing engine's own checks, at synth: a bad rate must fail here, not in every deployed invocation. */
function assertBillingSettings(config: InfraConfig): void {
  let tokenRates: unknown;
  try {
    tokenRates = JSON.parse(config.tokenRates) as unknown;
  } catch {
    throw new Error(`Invalid CDK context: tokenRates: not JSON, expected e.g. {"USD":"0.001"}`);
  }
  try {
    parseBillingSettings({ tokenRates: tokenRates as Record<string, string>, billSuspendedTime: config.billSuspendedTime === 'true', billingStart: config.billingStart });
  } catch (error) {
    if (error instanceof BillingError) throw new Error(`Invalid CDK context: ${error.message}`);
    throw error;
  }
}
