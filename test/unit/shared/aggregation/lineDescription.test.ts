import { describeLine, periodName, serverSubject } from '../../../../shared/aggregation/lineDescription';

describe('lineDescription', () => {
  const line = { serverId: 17, runtimeHours: 720, prepaid: false };

  describe('periodName', () => {
    it.each([
      ['2026-11', 'November 2026'],
      ['2027-01', 'January 2027'],
      ['2026-12', 'December 2026'],
    ])('names %s as %s', (period, name) => {
      expect(periodName(period)).toBe(name);
    });
  });

  describe('serverSubject', () => {
    it('names the server by hostname with its id beside it when the hostname is known', () => {
      expect(serverSubject({ serverId: 17, hostname: 'vps1.example.com' })).toBe('vps1.example.com (server 17)');
    });

    it('names the server by id alone when no hostname is known', () => {
      expect(serverSubject({ serverId: 17 })).toBe('server 17');
    });
  });

  describe('describeLine', () => {
    it.each([
      ['runtime, hostname known', 'runtime', { ...line, hostname: 'vps1.example.com' }, 'vps1.example.com (server 17): 720 h runtime, November 2026'],
      ['runtime, hostname unknown', 'runtime', line, 'server 17: 720 h runtime, November 2026'],
      ['IPs, hostname known', 'ips', { ...line, hostname: 'vps1.example.com' }, 'vps1.example.com (server 17): additional IPv4 addresses, November 2026'],
      ['backups, hostname unknown', 'backups', line, 'server 17: backups, November 2026'],
      ['prepaid, hostname known', 'runtime', { ...line, hostname: 'vps1.example.com', prepaid: true }, 'vps1.example.com (server 17): 720 h runtime, November 2026 (prepaid)'],
      ['prepaid, hostname unknown', 'runtime', { ...line, prepaid: true }, 'server 17: 720 h runtime, November 2026 (prepaid)'],
      ['adjustment, hostname known', 'backups', { ...line, hostname: 'vps1.example.com', adjustmentOf: '2026-10' }, 'vps1.example.com (server 17): adjustment of backups, October 2026'],
      ['adjustment, hostname unknown', 'ips', { ...line, adjustmentOf: '2026-10' }, 'server 17: adjustment of additional IPv4 addresses, October 2026'],
    ] as const)('describes %s', (_case, kind, described, expected) => {
      expect(describeLine(kind, described, '2026-11')).toBe(expected);
    });
  });
});
