import type { BridgeConfig } from '../../shared/config';

/** Reads a secret's string value (Powertools Parameters on AWS; a fake in tests). */
export type SecretReader = (name: string) => Promise<unknown>;

/** How long a read token is reused before Secrets Manager is asked again (a rotated token is picked up within it). */
export const TOKEN_CACHE_SECONDS = 300;

export const readWithPowertools: SecretReader = async (name) => {
  // Loaded on first use: the local stack and tests never pull the Secrets Manager client in.
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  return getSecret(name, { maxAge: TOKEN_CACHE_SECONDS });
};

export class SolusioTokenError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SolusioTokenError';
  }
}

/**
 * Where the SolusIO API token comes from: `SOLUSIO_TOKEN` (local stack, tests), else the Secrets
 * Manager secret named by `SOLUSIO_TOKEN_SECRET_NAME` (AWS). Errors name the secret, never its value.
 */
export function solusioTokenProvider(config: BridgeConfig, readSecret: SecretReader = readWithPowertools): () => Promise<string> {
  if (config.solusioToken !== undefined) {
    const token = config.solusioToken;
    return () => Promise.resolve(token);
  }
  const secretName = config.solusioTokenSecretName;
  if (secretName === undefined) return () => Promise.reject(new SolusioTokenError('No SolusIO token: set SOLUSIO_TOKEN or SOLUSIO_TOKEN_SECRET_NAME'));
  return async () => {
    let value: unknown;
    try {
      value = await readSecret(secretName);
    } catch (error) {
      throw new SolusioTokenError(`Could not read the SolusIO token secret "${secretName}"`, { cause: error });
    }
    if (typeof value !== 'string' || value.trim() === '') throw new SolusioTokenError(`The secret "${secretName}" holds no SolusIO token (an empty or binary value)`);
    return value.trim();
  };
}
