import { faultRuleSchema, FaultInjector } from '../../../../local/simulator/faults';

describe('FaultInjector', () => {
  describe('takeEffect', () => {
    it('matches method case-insensitively and the path as a prefix', () => {
      const faults = new FaultInjector();
      faults.add([{ method: 'get', path: '/api/v1/servers', status: 503 }]);

      expect(faults.takeEffect('GET', '/api/v1/servers/4', 1)).toEqual({ status: 503, retryAfter: undefined, delayMs: undefined, dropConnection: undefined });
      expect(faults.takeEffect('POST', '/api/v1/servers', 1)).toBeUndefined();
      expect(faults.takeEffect('GET', '/api/v1/plans', 1)).toBeUndefined();
    });

    it('reads a path without a leading slash as relative to /api/v1/', () => {
      const faults = new FaultInjector();
      faults.add([{ path: 'plans', status: 500 }]);

      expect(faults.list()[0]?.path).toBe('/api/v1/plans');
      expect(faults.takeEffect('DELETE', '/api/v1/plans/1', 1)?.status).toBe(500);
    });

    it('consumes uses and drops a rule once used up', () => {
      const faults = new FaultInjector();
      faults.add([{ path: '/', status: 429, retryAfter: 3, times: 2 }]);

      const effects = [1, 2, 3].map(() => faults.takeEffect('GET', '/api/v1/x', 1)?.status);

      expect(effects).toEqual([429, 429, undefined]);
      expect(faults.list()).toEqual([]);
    });

    it('matches a page only when given', () => {
      const faults = new FaultInjector();
      faults.add([{ path: '/api/v1/servers', page: 2, delayMs: 5 }]);

      expect(faults.takeEffect('GET', '/api/v1/servers', 1)).toBeUndefined();
      expect(faults.takeEffect('GET', '/api/v1/servers', 2)?.delayMs).toBe(5);
    });

    it('matches the path by whole segments, not as a string prefix', () => {
      const faults = new FaultInjector();
      faults.add([{ path: '/api/v1/servers/4', status: 503 }]);

      expect(faults.takeEffect('GET', '/api/v1/servers/4', 1)?.status).toBe(503);
      expect(faults.takeEffect('GET', '/api/v1/servers/4/backups', 1)?.status).toBe(503);
      expect(faults.takeEffect('GET', '/api/v1/servers/40', 1)).toBeUndefined();
      expect(faults.takeEffect('GET', '/api/v1/servers/4x', 1)).toBeUndefined();
      expect(faults.takeEffect('GET', '/api/v1/servers', 1)).toBeUndefined();
    });

    it('does not match a longer last segment for a relative path', () => {
      const faults = new FaultInjector();
      faults.add([{ path: 'plans', status: 500 }]);

      expect(faults.takeEffect('GET', '/api/v1/plansXYZ', 1)).toBeUndefined();
      expect(faults.takeEffect('GET', '/api/v1/plans', 1)?.status).toBe(500);
    });

    it.each([['/api/v1/servers/'], ['servers/'], ['/api/v1/servers//']])('ignores a trailing slash in the rule path %s', (path) => {
      const faults = new FaultInjector();
      faults.add([{ path, status: 502 }]);

      expect(faults.list()[0]?.path).toBe('/api/v1/servers');
      expect(faults.takeEffect('GET', '/api/v1/servers', 1)?.status).toBe(502);
      expect(faults.takeEffect('GET', '/api/v1/servers/1', 1)?.status).toBe(502);
      expect(faults.takeEffect('GET', '/api/v1/serversX', 1)).toBeUndefined();
    });

    it('matches everything under / and under /api/v1', () => {
      const faults = new FaultInjector();
      faults.add([{ path: '/', status: 500, times: 1 }]);
      faults.add([{ path: '/api/v1/', status: 501, times: 1 }]);

      expect(faults.takeEffect('GET', '/api/v1/plans', 1)?.status).toBe(500);
      expect(faults.takeEffect('GET', '/api/v1', 1)?.status).toBe(501);
    });

    it('matches a page rule only on the list itself, never below it', () => {
      const faults = new FaultInjector();
      faults.add([{ path: '/api/v1/servers', page: 1, status: 503 }]);

      expect(faults.takeEffect('GET', '/api/v1/servers/1', 1)).toBeUndefined();
      expect(faults.takeEffect('GET', '/api/v1/servers/1/backups', 1)).toBeUndefined();
      expect(faults.takeEffect('GET', '/api/v1/servers', 2)).toBeUndefined();
      expect(faults.takeEffect('GET', '/api/v1/servers', 1)?.status).toBe(503);
    });

    it('matches a page rule with a trailing slash or a relative path on the list', () => {
      const faults = new FaultInjector();
      faults.add([{ path: '/api/v1/servers/', page: 2, status: 503 }]);
      faults.add([{ path: 'plans', page: 1, status: 502 }]);

      expect(faults.takeEffect('GET', '/api/v1/servers', 2)?.status).toBe(503);
      expect(faults.takeEffect('GET', '/api/v1/servers/2', 2)).toBeUndefined();
      expect(faults.takeEffect('GET', '/api/v1/plans', 1)?.status).toBe(502);
      expect(faults.takeEffect('GET', '/api/v1/plans/1', 1)).toBeUndefined();
    });

    it('applies the first matching rule in the order added', () => {
      const faults = new FaultInjector();
      faults.add([{ path: '/api/v1/servers', status: 502, times: 1 }]);
      faults.add([{ path: '/api/v1', status: 503 }]);

      expect([1, 2].map(() => faults.takeEffect('GET', '/api/v1/servers', 1)?.status)).toEqual([502, 503]);
    });

    it('ignores task rules', () => {
      const faults = new FaultInjector();
      faults.add([{ path: '/', task: 'pending' }]);

      expect(faults.takeEffect('DELETE', '/api/v1/servers/1', 1)).toBeUndefined();
      expect(faults.list()[0]?.remaining).toBeNull();
    });
  });

  describe('takeTaskOutcome', () => {
    it('answers done unless a task rule matches, consuming it', () => {
      const faults = new FaultInjector();
      faults.add([{ method: 'DELETE', path: '/api/v1/servers', task: 'failed', times: 1 }]);

      expect(faults.takeTaskOutcome('POST', '/api/v1/servers')).toBe('done');
      expect(faults.takeTaskOutcome('DELETE', '/api/v1/servers/3')).toBe('failed');
      expect(faults.takeTaskOutcome('DELETE', '/api/v1/servers/3')).toBe('done');
    });
  });

  describe('clear', () => {
    it('removes every rule', () => {
      const faults = new FaultInjector();
      faults.add([{ path: '/', status: 500 }]);

      faults.clear();

      expect(faults.takeEffect('GET', '/api/v1/plans', 1)).toBeUndefined();
    });
  });

  describe('faultRuleSchema', () => {
    it.each([
      ['retryAfter 1.5', { status: 429, retryAfter: 1.5 }],
      ['retryAfter -1', { status: 429, retryAfter: -1 }],
      ['status 100', { status: 100 }],
      ['status 199', { status: 199 }],
      ['status 600', { status: 600 }],
      ['status 503.5', { status: 503.5 }],
      ['a page without a path', { page: 2, status: 503 }],
    ])('refuses %s', (_what, rule) => {
      expect(faultRuleSchema.safeParse(rule).success).toBe(false);
    });

    it.each([
      ['retryAfter 0', { status: 429, retryAfter: 0 }],
      ['retryAfter 120', { status: 503, retryAfter: 120 }],
      ['status 200', { status: 200 }],
      ['status 599', { status: 599 }],
      ['a page with a path', { path: 'servers', page: 2, status: 503 }],
    ])('accepts %s', (_what, rule) => {
      expect(faultRuleSchema.safeParse(rule).success).toBe(true);
    });
  });
});
