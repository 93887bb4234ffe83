import { z } from 'zod';

/**
 * What an operator sets for a deployment, from CDK context (`cdk deploy -c solusioUrl=...`).
 * Validated at synth so a typo fails before anything is deployed.
 */
const infraConfigSchema = z.object({
  stage: z.string().regex(/^[a-z0-9-]+$/).default('dev'),
  solusioUrl: z.url().default('https://solusio.example.invalid/api/v1'),
  solusioTokenSecretName: z.string().min(1).default('solus-billing-bridge/solusio-token'),
  tokenRates: z.string().default('{"USD":"0.001"}'),
  billSuspendedTime: z.enum(['true', 'false']).default('false'),
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
  return parsed.data;
}
