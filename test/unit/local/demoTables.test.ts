import { reconciliationTable, unbilledLines, usageLegend, usageTable, type UsageJson } from '../../../local/demoTables';

const server = { runtimeHours: 721, runtimeTokens: 9000, ipTokens: 0, backupTokens: 0, totalTokens: 9000, flags: ['gap'], money: { USD: 900 } };
const USAGE: UsageJson = {
  unbilled: [],
  customers: [
    { customer: '1002', totalTokens: 9500, money: { USD: 950 }, servers: [{ ...server, serverId: 3 }, { ...server, serverId: 44, runtimeHours: 72, runtimeTokens: 500, totalTokens: 500, flags: [], money: { USD: 50 } }] },
  ],
};

describe('usageTable', () => {
  it('puts the four token columns under one "tokens" heading, and shows money as an amount', () => {
    const [heading = '', header = '', first = '', , total = ''] = usageTable(USAGE).split('\n');
    expect(header).toMatch(/^customer\s+server\s+hours\s+runtime\s+IPs\s+backups\s+total\s+USD\s+flags$/);
    // The dashes start at "runtime" and end at the end of "total".
    expect(heading.indexOf('-')).toBe(header.indexOf('runtime'));
    expect(heading.length).toBe(header.indexOf('total') + 'total'.length);
    expect(heading.trim()).toMatch(/^-+ tokens -+$/);
    expect(first).toMatch(/^1002\s+3\s+721\s+9000\s+0\s+0\s+9000\s+9\.00\s+gap$/);
    expect(total).toMatch(/^1002 total\s+9500\s+9\.50$/);
  });
});

describe('usageLegend', () => {
  const legend = usageLegend({ monthHours: 720, gapToleranceMinutes: 90, rate: '0.001' });
  /** The legend with its wrapped lines joined again. */
  const unwrapped = legend.replace(/\n {9}/g, ' ');

  it('says what the units are: hours billed, tokens, dollars against the API\'s cents', () => {
    expect(unwrapped).toMatch(/^hours\s+hours billed/m);
    expect(unwrapped).toMatch(/^tokens\s+SolusIO plan tokens/m);
    expect(unwrapped).toMatch(/^USD\s+dollars at 0\.001 USD a token.*integer cents/m);
  });

  it('explains gap and the 721-hour month', () => {
    expect(unwrapped).toMatch(/^gap\s+.*more than 90 minutes without a complete snapshot run/m);
    expect(unwrapped).toMatch(/^721 h\s+the month has 720 hours; a resize or an owner change inside an hour bills that hour on both sides/m);
  });

  it('fits 100 columns, continuation lines indented under the text', () => {
    for (const line of legend.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(legend.split('\n').length).toBeGreaterThan(5);
  });
});

describe('unbilledLines and reconciliationTable', () => {
  it('says when nothing is unbilled, and lines up a reconciliation', () => {
    expect(unbilledLines(USAGE)).toBe('unbilled: none');
    const table = reconciliationTable({ customers: [{ customer: '1002', status: 'match', computed: { total: '9.50' }, remote: { invoiceId: '3', status: 'Draft', total: '9.50' } }] });
    expect(table.split('\n')[1]).toMatch(/^1002\s+match\s+9\.50\s+#3\s+Draft\s+9\.50$/);
  });
});
