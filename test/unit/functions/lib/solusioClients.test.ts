import { solusioClientsByInstallation } from '../../../../functions/lib/deps/solusio';
import { parseConfig } from '../../../../shared/config';
import { InstallationChoiceError } from '../../../../shared/installations';

const two = parseConfig({
  TABLE_NAME: 't',
  SOLUSIO_INSTALLATIONS: JSON.stringify([
    { id: 'eu', url: 'http://127.0.0.1:1/api/v1', token: 'eu-token' },
    { id: 'us', url: 'http://127.0.0.1:2/api/v1' },
  ]),
});

describe('SolusIO clients per installation', () => {
  it('builds one client per installation, once, against its own URL', async () => {
    const clients = solusioClientsByInstallation(two);
    const eu = await clients('eu')();
    expect(await clients('eu')()).toBe(eu);
    expect(clients('eu')).toBe(clients('eu'));
    await expect(clients('us')()).rejects.toThrow('No SolusIO token: give installation "us" a token or tokenSecretName');
  });

  it('refuses an installation that is not configured', () => {
    expect(() => solusioClientsByInstallation(two)('ap')).toThrow(InstallationChoiceError);
  });

  it('gives the single SOLUSIO_URL form its one client, installation default, with that form\'s token settings', async () => {
    const single = parseConfig({ TABLE_NAME: 't', SOLUSIO_URL: 'http://127.0.0.1:1/api/v1' });
    await expect(solusioClientsByInstallation(single)('default')()).rejects.toThrow('No SolusIO token: set SOLUSIO_TOKEN or SOLUSIO_TOKEN_SECRET_NAME');
    await expect(solusioClientsByInstallation(parseConfig({ TABLE_NAME: 't', SOLUSIO_URL: 'http://127.0.0.1:1/api/v1', SOLUSIO_TOKEN: 'x' }))('default')()).resolves.toBeDefined();
  });
});
