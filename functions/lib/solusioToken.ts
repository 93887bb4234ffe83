import { DEFAULT_INSTALLATION, type SolusioInstallation } from '../../shared/installations';

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
 * Where an installation's SolusIO API token comes from: its `token` (local stack, tests; the single
 * form's `SOLUSIO_TOKEN`), else the Secrets Manager secret named by its `tokenSecretName` (AWS; the
 * single form's `SOLUSIO_TOKEN_SECRET_NAME`). Errors name the secret, never its value.
 */
export function installationTokenProvider(installation: SolusioInstallation, readSecret: SecretReader = readWithPowertools): () => Promise<string> {
  // The single SOLUSIO_URL form's installation takes its token settings from the single form's variables.
  const hint = installation.id === DEFAULT_INSTALLATION ? 'set SOLUSIO_TOKEN or SOLUSIO_TOKEN_SECRET_NAME' : `give installation "${installation.id}" a token or tokenSecretName`;
  return tokenProvider(installation.token, installation.tokenSecretName, hint, readSecret);
}

function tokenProvider(token: string | undefined, secretName: string | undefined, hint: string, readSecret: SecretReader): () => Promise<string> {
  if (token !== undefined) return () => Promise.resolve(token);
  if (secretName === undefined) return () => Promise.reject(new SolusioTokenError(`No SolusIO token: ${hint}`));
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
