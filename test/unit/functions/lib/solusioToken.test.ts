import { installationTokenProvider, SolusioTokenError, type SecretReader } from '../../../../functions/lib/solusioToken';
import { parseConfig } from '../../../../shared/config';

/** The token provider of the single SOLUSIO_URL form's installation, `default`. */
function solusioTokenProvider(config: ReturnType<typeof parseConfig>, readSecret?: SecretReader): () => Promise<string> {
  const [installation] = config.installations;
  if (installation === undefined) throw new Error('no installation configured');
  return installationTokenProvider(installation, readSecret);
}

describe('the SolusIO token of the single SOLUSIO_URL form', () => {
  const base = { TABLE_NAME: 'bridge', SOLUSIO_URL: 'https://solusio.example.com/api/v1' };

  it('uses SOLUSIO_TOKEN when it is set, without reading any secret', async () => {
    const readSecret = jest.fn();
    const token = solusioTokenProvider(parseConfig({ ...base, SOLUSIO_TOKEN: 'local-token', SOLUSIO_TOKEN_SECRET_NAME: 'prod/solusio' }), readSecret);
    await expect(token()).resolves.toBe('local-token');
    expect(readSecret).not.toHaveBeenCalled();
  });

  it('reads the named secret otherwise, trimmed', async () => {
    const readSecret = jest.fn().mockResolvedValue(' secret-token\n');
    const token = solusioTokenProvider(parseConfig({ ...base, SOLUSIO_TOKEN_SECRET_NAME: 'prod/solusio' }), readSecret);
    await expect(token()).resolves.toBe('secret-token');
    expect(readSecret).toHaveBeenCalledWith('prod/solusio');
  });

  it.each([
    ['an empty value', ''],
    ['a binary value', new Uint8Array([1, 2])],
    ['no value', undefined],
  ])('refuses %s, naming the secret but not the value', async (_case, value) => {
    const token = solusioTokenProvider(parseConfig({ ...base, SOLUSIO_TOKEN_SECRET_NAME: 'prod/solusio' }), () => Promise.resolve(value));
    await expect(token()).rejects.toThrow(new SolusioTokenError('The secret "prod/solusio" holds no SolusIO token (an empty or binary value)'));
  });

  it('wraps a failed read in an error that names the secret', async () => {
    const token = solusioTokenProvider(parseConfig({ ...base, SOLUSIO_TOKEN_SECRET_NAME: 'prod/solusio' }), () => Promise.reject(new Error('AccessDenied')));
    await expect(token()).rejects.toMatchObject({ name: 'SolusioTokenError', message: 'Could not read the SolusIO token secret "prod/solusio"' });
  });

  it('fails with a clear message when neither is configured', async () => {
    await expect(solusioTokenProvider(parseConfig(base))()).rejects.toThrow('No SolusIO token: set SOLUSIO_TOKEN or SOLUSIO_TOKEN_SECRET_NAME');
  });
});
