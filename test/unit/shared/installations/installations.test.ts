import { parseConfig } from '../../../../shared/config';
import { DEFAULT_INSTALLATION, InstallationChoiceError, isInstallationId, publishesPerInstallation, resolveInstallation, scopedName } from '../../../../shared/installations';

const base = { TABLE_NAME: 't' };

describe('installation ids and scoped names', () => {
  it.each(['eu', 'us-east', 'a', 'r2d2', 'a1234567890123456789'])('accepts the slug %s', (id) => expect(isInstallationId(id)).toBe(true));
  it.each(['', 'EU', '1eu', 'eu_west', 'eu.west', '-eu', 'a12345678901234567890', 'eu west'])('refuses %j', (id) => expect(isInstallationId(id)).toBe(false));

  it('leaves the default installation unscoped (data written before installations is its data) and suffixes any other', () => {
    expect(scopedName('RUN#servers', DEFAULT_INSTALLATION)).toBe('RUN#servers');
    expect(scopedName('RUN#servers', 'eu')).toBe('RUN#servers@eu');
  });
});

describe('the installations of a configuration', () => {
  it('reads the single SOLUSIO_URL form as installation default, with its token settings', () => {
    const config = parseConfig({ ...base, SOLUSIO_URL: 'https://solusio.example.com/api/v1', SOLUSIO_TOKEN_SECRET_NAME: 'solusio' });
    expect(config.installations).toEqual([{ id: 'default', url: 'https://solusio.example.com/api/v1', tokenSecretName: 'solusio' }]);
  });

  it('has none when neither form is set', () => {
    expect(parseConfig(base).installations).toEqual([]);
  });

  it('reads SOLUSIO_INSTALLATIONS in order; an entry without a token takes the shared token settings', () => {
    const config = parseConfig({
      ...base,
      SOLUSIO_TOKEN: 'shared-token',
      SOLUSIO_INSTALLATIONS: JSON.stringify([
        { id: 'eu', url: 'https://eu.example.com/api/v1', tokenSecretName: 'solusio-eu' },
        { id: 'us', url: 'https://us.example.com/api/v1' },
      ]),
    });
    expect(config.installations).toEqual([
      { id: 'eu', url: 'https://eu.example.com/api/v1', tokenSecretName: 'solusio-eu' },
      { id: 'us', url: 'https://us.example.com/api/v1', token: 'shared-token' },
    ]);
  });

  it.each([
    ['not JSON', 'eu,us', /SOLUSIO_INSTALLATIONS: a JSON list/],
    ['an empty list', '[]', /at least one installation/],
    ['a bad id', '[{"id":"EU","url":"https://eu.example.com"}]', /0\.id: a short slug/],
    ['a bad URL', '[{"id":"eu","url":"eu.example.com"}]', /0\.url: an http\(s\) URL/],
    ['an id twice', '[{"id":"eu","url":"https://a.example.com"},{"id":"eu","url":"https://b.example.com"}]', /1\.id: "eu" is given twice/],
    ['an unknown field', '[{"id":"eu","url":"https://a.example.com","region":"x"}]', /region/],
  ])('refuses %s, naming the problem', (_what, value, message) => {
    expect(() => parseConfig({ ...base, SOLUSIO_INSTALLATIONS: value })).toThrow(message);
  });

  it('refuses SOLUSIO_URL together with SOLUSIO_INSTALLATIONS', () => {
    expect(() => parseConfig({ ...base, SOLUSIO_URL: 'https://a.example.com', SOLUSIO_INSTALLATIONS: '[{"id":"eu","url":"https://eu.example.com"}]' })).toThrow(/SOLUSIO_URL: give it or SOLUSIO_INSTALLATIONS, not both/);
  });
});

describe('which installation a request means', () => {
  it('takes the one named when it is configured', () => expect(resolveInstallation(['eu', 'us'], 'us')).toBe('us'));
  it('takes the only one when none is named', () => expect(resolveInstallation(['default'], undefined)).toBe('default'));
  it('asks for one when several are configured and none is named', () => {
    expect(() => resolveInstallation(['eu', 'us'], undefined)).toThrow(expect.objectContaining({ code: 'installation_required' }));
  });
  it('refuses one that is not configured', () => {
    const attempt = () => resolveInstallation(['eu'], 'us');
    expect(attempt).toThrow(InstallationChoiceError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'unknown_installation', message: expect.stringContaining('configured: eu') }));
  });
});

describe('metrics per installation', () => {
  it('are published for any stack but the single default installation (its metrics and alarms stay as before)', () => {
    expect(publishesPerInstallation(['default'])).toBe(false);
    expect(publishesPerInstallation([])).toBe(false);
    expect(publishesPerInstallation(['eu'])).toBe(true);
    expect(publishesPerInstallation(['default', 'us'])).toBe(true);
  });
});
