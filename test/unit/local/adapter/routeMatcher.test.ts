import { RouteMatcher } from '../../../../local/adapter/routeMatcher';

describe('RouteMatcher', () => {
  const matcher = new RouteMatcher([
    { method: 'GET', path: '/v1/health', target: 'health' },
    { method: 'POST', path: '/v1/services/{serviceRef}/suspend', target: 'suspend' },
    { method: 'GET', path: '/v1/services/{serviceRef}', target: 'service' },
  ]);

  describe('match', () => {
    it('matches a fixed path and names the route key', () => {
      expect(matcher.match('GET', '/v1/health')).toEqual({ routeKey: 'GET /v1/health', pathParameters: {}, target: 'health' });
    });

    it('extracts and decodes path parameters', () => {
      expect(matcher.match('POST', '/v1/services/whmcs%2F42/suspend')).toEqual({
        routeKey: 'POST /v1/services/{serviceRef}/suspend',
        pathParameters: { serviceRef: 'whmcs/42' },
        target: 'suspend',
      });
    });

    it('rejects malformed percent-encoding in a parameter with a 400', () => {
      expect(() => matcher.match('GET', '/v1/services/%ZZ')).toThrow(expect.objectContaining({ statusCode: 400, code: 'invalid_path' }));
    });

    it.each([
      ['a wrong method', 'POST', '/v1/health'],
      ['a longer path', 'GET', '/v1/health/extra'],
      ['a prefix only', 'GET', '/v1'],
      ['an empty parameter', 'GET', '/v1/services/'],
    ])('matches nothing for %s', (_case, method, path) => {
      expect(matcher.match(method, path)).toBeUndefined();
    });
  });
});
