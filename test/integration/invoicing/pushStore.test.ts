import { DynamoPushStore, MAX_REPLACED_INVOICE_IDS } from '../../../shared/invoicing/DynamoPushStore';
import type { PushClaim } from '../../../shared/invoicing/ports';
import { createTestTable, type TestTable } from '../../support/testTable';

describe('push records whose history grows (issue #22)', () => {
  let table: TestTable;
  let store: DynamoPushStore;

  beforeAll(async () => {
    table = await createTestTable();
    store = new DynamoPushStore(table.db, table.tableName);
  });

  afterAll(async () => {
    await table?.drop();
  });

  it(`keeps the latest ${MAX_REPLACED_INVOICE_IDS} replaced invoices of a customer pushed again and again`, async () => {
    const claim: PushClaim = {
      period: '2026-11',
      customer: '1001',
      system: 'whmcs',
      tag: 't',
      currency: 'USD',
      totalMinor: 100,
      nowMs: 0,
      leaseMs: 1_000,
      time: '2026-12-01T03:00:00.000Z',
      timeMs: Date.parse('2026-12-01T03:00:00.000Z'),
      retryFailed: false,
    };
    const rounds = MAX_REPLACED_INVOICE_IDS + 5;
    for (let round = 1; round <= rounds; round += 1) {
      const held = await store.claim({ ...claim, nowMs: round * 10_000 });
      if (!held.claimed) throw new Error(`round ${round}: not claimed`);
      const pushed = await store.settle(held.record, { status: 'pushed', invoiceId: `inv-${round}`, foundByTag: false }, claim.time);
      if (!pushed) throw new Error(`round ${round}: not settled`);
      // An admin deletes the invoice: the next push replaces it.
      expect(await store.reopen(pushed, claim.time)).toBe(true);
    }
    const record = await store.get('2026-11', '1001');
    expect(record?.replacedInvoiceIds).toEqual(Array.from({ length: MAX_REPLACED_INVOICE_IDS }, (_, index) => `inv-${rounds - MAX_REPLACED_INVOICE_IDS + 1 + index}`));
  }, 60_000);
});
