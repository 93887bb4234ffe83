import { invoiceLines } from '../../../../shared/aggregation/invoiceLines';
import type { UsageCustomer, UsageLine } from '../../../../shared/aggregation/usageFromRows';

const RATES = { USD: '0.001' };

function serverLine(overrides: Partial<UsageLine> = {}): UsageLine {
  return { serverId: 17, runtimeHours: 720, runtimeTokens: 5000, ipTokens: 0, backupTokens: 0, totalTokens: 5000, prepaid: false, billingMode: 'postpaid', flags: [], money: { USD: 500 }, ...overrides };
}

function customer(...servers: UsageLine[]): UsageCustomer {
  return { customer: '1001', totalTokens: 0, money: { USD: 0 }, servers };
}

describe('invoiceLines', () => {
  it('names a server by its hostname and keeps the hostname on each of its lines', () => {
    const lines = invoiceLines([customer(serverLine({ hostname: 'vps1.example.com', ipTokens: 500, totalTokens: 5500 }))], '2026-11', RATES);

    expect(lines.map((line) => [line.kind, line.hostname, line.description])).toEqual([
      ['runtime', 'vps1.example.com', 'vps1.example.com (server 17): 720 h runtime, November 2026'],
      ['ips', 'vps1.example.com', 'vps1.example.com (server 17): additional IPv4 addresses, November 2026'],
    ]);
  });

  it('leaves the hostname out and names the id alone for a server whose hostname is unknown', () => {
    const [line] = invoiceLines([customer(serverLine())], '2026-11', RATES);

    expect(line).not.toHaveProperty('hostname');
    expect(line?.description).toBe('server 17: 720 h runtime, November 2026');
  });

  it('names adjustment and prepaid lines the same way', () => {
    const adjustment = serverLine({ hostname: 'db.example.com', serverId: 9, runtimeHours: 0, runtimeTokens: 0, backupTokens: -30, totalTokens: -30, adjustmentOf: '2026-10', flags: ['adjustment'] });
    const prepaid = serverLine({ hostname: 'vps1.example.com', prepaid: true, runtimeTokens: 0, totalTokens: 0, money: { USD: 0 } });

    const lines = invoiceLines([customer(adjustment, prepaid)], '2026-11', RATES);

    expect(lines.map((line) => line.description)).toEqual(['db.example.com (server 9): adjustment of backups, October 2026', 'vps1.example.com (server 17): 720 h runtime, November 2026 (prepaid)']);
  });

  it('prices a named line exactly as an unnamed one (the hostname is no billing input)', () => {
    const [named] = invoiceLines([customer(serverLine({ hostname: 'vps1.example.com' }))], '2026-11', RATES);
    const [unnamed] = invoiceLines([customer(serverLine())], '2026-11', RATES);

    expect({ ...named, hostname: undefined, description: undefined }).toEqual({ ...unnamed, description: undefined });
  });
});
