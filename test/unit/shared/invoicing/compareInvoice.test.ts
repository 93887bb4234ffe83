import { invoiceDifferences, remoteTotal } from '../../../../shared/invoicing/compareInvoice';
import type { DraftInvoice, RemoteInvoice } from '../../../../shared/invoicing';

const TAG = 'sbb-2026-11-c7-0123456789abcdef';
const DRAFT: DraftInvoice = {
  period: '2026-11',
  clientId: '7',
  currency: 'USD',
  date: '2026-12-01',
  dueDate: '2026-12-15',
  tag: TAG,
  notes: `SolusIO usage, November 2026. Ref: ${TAG}`,
  taxed: false,
  lines: [
    { serverId: 1, kind: 'runtime', description: 'server 1: 720 h runtime, November 2026', amount: '12.30', amountMinor: 1230 },
    { serverId: 1, kind: 'ips', description: 'server 1: 1 IP, November 2026', amount: '1.00', amountMinor: 100 },
  ],
  total: '13.30',
  totalMinor: 1330,
};

function remote(lines: RemoteInvoice['lines'], notes = DRAFT.notes): RemoteInvoice {
  return { id: '5', clientId: '7', status: 'Draft', notes, lines };
}

describe('invoiceDifferences', () => {
  it.each([
    ['the same lines in another order, amounts written differently', [{ description: 'server 1: 1 IP, November 2026', amount: '1' }, { description: 'server 1: 720 h runtime, November 2026', amount: '12.3' }], DRAFT.notes, []],
    ['an edited amount', [{ description: 'server 1: 720 h runtime, November 2026', amount: '13.30' }, { description: 'server 1: 1 IP, November 2026', amount: '1.00' }], DRAFT.notes, ['missing line: server 1: 720 h runtime, November 2026 = 12.30', 'unexpected line: server 1: 720 h runtime, November 2026 = 13.30']],
    ['a line too few', [{ description: 'server 1: 1 IP, November 2026', amount: '1.00' }], DRAFT.notes, ['missing line: server 1: 720 h runtime, November 2026 = 12.30']],
    ['an amount with more digits than the currency', [{ description: 'server 1: 720 h runtime, November 2026', amount: '12.301' }, { description: 'server 1: 1 IP, November 2026', amount: '1.00' }], DRAFT.notes, ['missing line: server 1: 720 h runtime, November 2026 = 12.30', 'unexpected line: server 1: 720 h runtime, November 2026 = unreadable']],
    ['notes that lost the tag', [{ description: 'server 1: 720 h runtime, November 2026', amount: '12.30' }, { description: 'server 1: 1 IP, November 2026', amount: '1.00' }], 'edited', ['the notes no longer carry the tag']],
  ])('compares %s', (_case, lines, notes, expected) => {
    // Act
    const differences = invoiceDifferences(DRAFT, remote(lines, notes));

    // Assess
    expect(differences).toEqual(expected);
  });
});

describe('remoteTotal', () => {
  it('adds the lines in minor units, and answers null when one is not a decimal of the currency', () => {
    // Act
    const totals = [remoteTotal(remote([{ description: 'a', amount: '12.3' }, { description: 'b', amount: '-0.05' }]), 'USD'), remoteTotal(remote([{ description: 'a', amount: '1.234' }]), 'USD'), remoteTotal(remote([]), 'JPY')];

    // Assess
    expect(totals).toEqual(['12.25', null, '0']);
  });
});
