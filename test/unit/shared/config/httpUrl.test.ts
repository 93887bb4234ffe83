import { isHttpUrl, isSecureUpstreamUrl } from '../../../../shared/config/httpUrl';

describe('isSecureUpstreamUrl', () => {
  it.each(['https://solusio.example.com/api/v1', 'https://billing.example.com:8443/whmcs', 'http://127.0.0.1:4010/api/v1', 'http://localhost:4020', 'http://LOCALHOST/x', 'http://[::1]:4010/api/v1'])(
    'accepts %s: https, or plain http to this machine',
    (url) => {
      expect(isSecureUpstreamUrl(url)).toBe(true);
    },
  );

  it.each(['http://solusio.example.com/api/v1', 'http://10.0.0.5/api/v1', 'http://127.0.0.2/x', 'http://localhost.example.com/x', 'ftp://solusio.example.com', 'https:solusio.example.com', 'solusio.example.com'])(
    'refuses %s',
    (url) => {
      expect(isSecureUpstreamUrl(url)).toBe(false);
    },
  );

  it('is stricter than isHttpUrl, which the local stack keeps for its simulators', () => {
    expect(isHttpUrl('http://solusio.example.com/api/v1')).toBe(true);
    expect(isSecureUpstreamUrl('http://solusio.example.com/api/v1')).toBe(false);
  });
});
