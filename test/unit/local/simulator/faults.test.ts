import { FaultInjector } from '../../../../local/simulator/faults';

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
      faults.add([{ path: '/', page: 2, delayMs: 5 }]);

      expect(faults.takeEffect('GET', '/api/v1/servers', 1)).toBeUndefined();
      expect(faults.takeEffect('GET', '/api/v1/servers', 2)?.delayMs).toBe(5);
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
});
