import { z } from 'zod';
import { tokenRatesJsonSchema } from '../../shared/config/tokenRatesSchema';

/**
 * What an operator sets for a deployment, from CDK context (`cdk deploy -c solusioUrl=...`).
 * Validated at synth so a typo fails before anything is deployed.
 */
const infraConfigSchema = z.object({
  stage: z.string().regex(/^[a-z0-9-]+$/).default('dev'),
  solusioUrl: z.url().default('https://solusio.example.invalid/api/v1'),
  solusioTokenSecretName: z.string().min(1).default('solus-billing-bridge/solusio-token'),
  // Kept as the JSON string the Lambda environment carries; checked as the runtime will parse it.
  tokenRates: z
    .string()
    .superRefine((text, ctx) => {
      for (const issue of tokenRatesJsonSchema.safeParse(text).error?.issues ?? []) ctx.addIssue({ code: 'custom', message: issue.message });
    })
    .default('{"USD":"0.001"}'),
  // cdk.json may hold a JSON boolean, `-c` always gives a string: the Lambda environment wants the string.
  billSuspendedTime: z.union([z.boolean().transform(String), z.enum(['true', 'false'])]).default('false'),
  billingStart: z.iso.datetime({ offset: false }).optional(),
  gapToleranceMinutes: z.coerce.number().int().positive().default(15),
  closeGraceMinutes: z.coerce.number().int().positive().default(120),
  alarmEmail: z.email().optional(),
});

export type InfraConfig = z.infer<typeof infraConfigSchema>;

/** The context keys an operator may set (`cdk deploy -c key=value`): exactly the schema's. */
export const CONTEXT_KEYS = Object.keys(infraConfigSchema.shape) as (keyof InfraConfig)[];

export function parseInfraConfig(context: Readonly<Record<string, unknown>>): InfraConfig {
  const parsed = infraConfigSchema.safeParse(context);
  if (!parsed.success) {
    throw new Error(`Invalid CDK context: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}
