import { inspect } from 'node:util';
import { billingCredentialsProvider, BillingCredentialsError } from '../../../../functions/lib/billingCredentials';
import { parseConfig } from '../../../../shared/config';

describe('billingCredentialsProvider', () => {
  const base = { TABLE_NAME: 'bridge' };
  const SECRET_NAME = 'prod/billing-credentials';
  const withSecretName = parseConfig({ ...base, BILLING_CREDENTIALS_SECRET_NAME: SECRET_NAME });

  async function caught(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    throw new Error('expected a rejection');
  }

  it('uses BILLING_IDENTIFIER and BILLING_SECRET when they are set, without reading any secret', async () => {
    // Prepare
    const readSecret = jest.fn();
    const config = parseConfig({ ...base, BILLING_IDENTIFIER: 'api-user', BILLING_SECRET: 'api-key', BILLING_CREDENTIALS_SECRET_NAME: SECRET_NAME });

    // Act
    const credentials = billingCredentialsProvider(config, readSecret);

    // Assess
    await expect(credentials()).resolves.toEqual({ identifier: 'api-user', secret: 'api-key' });
    expect(readSecret).not.toHaveBeenCalled();
  });

  it.each([
    ['BILLING_SECRET', { BILLING_IDENTIFIER: 'api-user' }, { identifier: 'api-user', secret: 'local' }],
    ['BILLING_IDENTIFIER', { BILLING_SECRET: 'api-key' }, { identifier: 'local', secret: 'api-key' }],
  ])("puts the placeholder 'local' in place of a missing %s", async (_missing, env, expected) => {
    // Prepare
    const readSecret = jest.fn();

    // Act
    const credentials = billingCredentialsProvider(parseConfig({ ...base, ...env, BILLING_CREDENTIALS_SECRET_NAME: SECRET_NAME }), readSecret);

    // Assess
    await expect(credentials()).resolves.toEqual(expected);
    expect(readSecret).not.toHaveBeenCalled();
  });

  it('reads the JSON of the named secret otherwise', async () => {
    // Prepare
    const readSecret = jest.fn().mockResolvedValue('{"identifier":"api-user","secret":"s3cr3t-key"}');

    // Act
    const credentials = billingCredentialsProvider(withSecretName, readSecret);

    // Assess
    await expect(credentials()).resolves.toEqual({ identifier: 'api-user', secret: 's3cr3t-key' });
    expect(readSecret).toHaveBeenCalledWith(SECRET_NAME);
  });

  it("reads the WHMCS access key from the secret's accessKey, or from BILLING_ACCESS_KEY locally", async () => {
    // Prepare
    const readSecret = jest.fn().mockResolvedValue('{"identifier":"api-user","secret":"s3cr3t-key","accessKey":"k3y(1)"}');
    const local = parseConfig({ ...base, BILLING_IDENTIFIER: 'api-user', BILLING_SECRET: 'api-key', BILLING_ACCESS_KEY: 'local-k3y' });

    // Act
    const fromSecret = await billingCredentialsProvider(withSecretName, readSecret)();
    const fromEnv = await billingCredentialsProvider(local, jest.fn())();

    // Assess
    expect(fromSecret).toEqual({ identifier: 'api-user', secret: 's3cr3t-key', accessKey: 'k3y(1)' });
    expect(fromEnv).toEqual({ identifier: 'api-user', secret: 'api-key', accessKey: 'local-k3y' });
  });

  it('reads the secret again on every call (the reader caches)', async () => {
    // Prepare
    const readSecret = jest.fn().mockResolvedValueOnce('{"identifier":"a","secret":"old-key"}').mockResolvedValueOnce('{"identifier":"a","secret":"rotated-key"}');
    const credentials = billingCredentialsProvider(withSecretName, readSecret);

    // Act
    const first = await credentials();
    const second = await credentials();

    // Assess
    expect([first.secret, second.secret]).toEqual(['old-key', 'rotated-key']);
  });

  it.each([
    ['an empty value', ''],
    ['a value that is not JSON', 'leaky-value-9f3e'],
    ['JSON that is not an object', '"leaky-value-9f3e"'],
    ['JSON without the secret', '{"identifier":"leaky-value-9f3e"}'],
    ['JSON without the identifier', '{"secret":"leaky-value-9f3e"}'],
    ['an empty identifier', '{"identifier":"","secret":"leaky-value-9f3e"}'],
    ['a secret that is not a string', '{"identifier":"leaky-value-9f3e","secret":12345}'],
    ['a binary value', new TextEncoder().encode('{"identifier":"leaky-value-9f3e","secret":"x"}')],
    ['no value', undefined],
  ])('refuses %s, naming the secret but not the value', async (_case, value) => {
    // Prepare
    const credentials = billingCredentialsProvider(withSecretName, () => Promise.resolve(value));

    // Act
    const error = await caught(credentials());

    // Assess
    expect(error).toBeInstanceOf(BillingCredentialsError);
    expect((error as Error).message).toBe(`The secret "${SECRET_NAME}" must hold JSON {"identifier": "...", "secret": "...", "accessKey"?: "..."}`);
    expect(inspect(error, { depth: 5 })).not.toContain('leaky-value-9f3e');
  });

  it('wraps a failed read in an error that names the secret and keeps the cause', async () => {
    // Prepare
    const failure = new Error('AccessDeniedException');
    const credentials = billingCredentialsProvider(withSecretName, () => Promise.reject(failure));

    // Act
    const error = await caught(credentials());

    // Assess
    expect(error).toBeInstanceOf(BillingCredentialsError);
    expect(error).toMatchObject({ name: 'BillingCredentialsError', message: `Could not read the billing credentials secret "${SECRET_NAME}"`, cause: failure });
  });

  it('rejects with a message naming the variables when neither is configured', async () => {
    // Prepare
    const readSecret = jest.fn();

    // Act
    const error = await caught(billingCredentialsProvider(parseConfig(base), readSecret)());

    // Assess
    expect(error).toBeInstanceOf(BillingCredentialsError);
    expect((error as Error).message).toMatch(/BILLING_IDENTIFIER.*BILLING_SECRET.*BILLING_CREDENTIALS_SECRET_NAME/);
    expect(readSecret).not.toHaveBeenCalled();
  });
});
