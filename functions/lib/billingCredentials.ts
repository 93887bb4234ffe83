import * as z from 'zod';
import type { BridgeConfig } from '../../shared/config';
import { readWithPowertools, type SecretReader } from './solusioToken';

export interface BillingCredentials {
  readonly identifier: string;
  readonly secret: string;
  /** WHMCS `accesskey` (lets calls past its API IP restriction); the other systems have none. */
  readonly accessKey?: string;
}

export class BillingCredentialsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BillingCredentialsError';
  }
}

const secretSchema = z.object({ identifier: z.string().min(1), secret: z.string().min(1), accessKey: z.string().min(1).optional() });

/**
 * The billing system's credentials: `BILLING_IDENTIFIER`/`BILLING_SECRET` and `BILLING_ACCESS_KEY`
 * (local stack), else the Secrets Manager secret named by `BILLING_CREDENTIALS_SECRET_NAME` holding
 * `{"identifier", "secret", "accessKey"?}` (AWS). Errors name the secret, never a value.
 */
export function billingCredentialsProvider(config: BridgeConfig, readSecret: SecretReader = readWithPowertools): () => Promise<BillingCredentials> {
  if (config.billingIdentifier !== undefined || config.billingSecret !== undefined) {
    // A simulator accepts any non-empty credentials: a missing half becomes a placeholder, never a silent empty string.
    const credentials = { identifier: config.billingIdentifier ?? 'local', secret: config.billingSecret ?? 'local', ...withAccessKey(config.billingAccessKey) };
    return () => Promise.resolve(credentials);
  }
  const secretName = config.billingCredentialsSecretName;
  if (secretName === undefined) {
    return () => Promise.reject(new BillingCredentialsError('No billing-system credentials: set BILLING_IDENTIFIER and BILLING_SECRET, or BILLING_CREDENTIALS_SECRET_NAME'));
  }
  return async () => {
    let value: unknown;
    try {
      value = await readSecret(secretName);
    } catch (error) {
      throw new BillingCredentialsError(`Could not read the billing credentials secret "${secretName}"`, { cause: error });
    }
    let parsed: unknown;
    try {
      parsed = typeof value === 'string' ? JSON.parse(value) : undefined;
    } catch {
      parsed = undefined;
    }
    const credentials = secretSchema.safeParse(parsed);
    if (!credentials.success) throw new BillingCredentialsError(`The secret "${secretName}" must hold JSON {"identifier": "...", "secret": "...", "accessKey"?: "..."}`);
    const { identifier, secret, accessKey } = credentials.data;
    return { identifier, secret, ...withAccessKey(accessKey ?? config.billingAccessKey) };
  };
}

function withAccessKey(accessKey: string | undefined): { accessKey?: string } {
  return accessKey === undefined ? {} : { accessKey };
}
