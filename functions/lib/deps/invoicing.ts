import { DynamoPushStore } from '../../../shared/invoicing/DynamoPushStore';
import { InvoicePush, PUSH_DEFAULTS } from '../../../shared/invoicing/InvoicePush';
import { InvoiceReconciliation } from '../../../shared/invoicing/InvoiceReconciliation';
import { createConnector } from '../../../shared/invoicing/connectors';
import type { ClosedInvoicesSource } from '../../../shared/invoicing/ports';
import type { BillingConnector } from '../../../shared/invoicing/types';
import { billingCredentialsProvider } from '../billingCredentials';
import type { CoreDeps } from './core';
import type { EventDeps } from './events';
import type { UsageReadDeps } from './usageReads';

export interface InvoicingDeps {
  /** Pushes (accept, push, dry run, the retry schedule). */
  readonly invoicePush: InvoicePush;
  /** Reconciliation against the billing system, a page of customers at a time. */
  readonly invoiceReconciliation: InvoiceReconciliation;
}

/** Invoice pushes and reconciliation against the configured billing system (`BILLING_SYSTEM`). */
export function buildInvoicingDeps(core: CoreDeps, { usageReader, events }: UsageReadDeps & EventDeps): InvoicingDeps {
  const { config, db, logger, tuning } = core;
  const credentials = billingCredentialsProvider(config);
  const store = new DynamoPushStore(db, config.tableName);
  const system = config.billingSystem;
  let connector: Promise<BillingConnector> | undefined;
  // Built when first needed: a dry run or an accepted push never reads the credentials.
  const billingConnector = (): Promise<BillingConnector> => {
    connector ??= (async () => {
      if (system === 'none') throw new Error('BILLING_SYSTEM is none: there is no billing system to call');
      if (config.billingUrl === undefined) throw new Error(`BILLING_URL is not set (BILLING_SYSTEM=${system})`);
      const { identifier, secret, accessKey } = await credentials();
      return createConnector(system, {
        baseUrl: config.billingUrl,
        identifier,
        secret,
        ...(accessKey === undefined ? {} : { accessKey }),
        currency: config.billingCurrency,
        ...(tuning.billingTimeoutMs === undefined ? {} : { timeoutMs: tuning.billingTimeoutMs }),
        ...(tuning.billingRetryBaseDelayMs === undefined ? {} : { retry: { baseDelayMs: tuning.billingRetryBaseDelayMs } }),
      });
    })();
    // A failed credentials read is retried by the next call, not cached.
    connector.catch(() => (connector = undefined));
    return connector;
  };
  const source: ClosedInvoicesSource = {
    invoices: (period) => usageReader.invoices(period),
    // A period a close holds is not closed yet: nothing of it is pushed.
    status: async (period) => ((await usageReader.period(period)).status === 'closed' ? 'closed' : 'open'),
  };
  const settings = {
    ...PUSH_DEFAULTS,
    currency: config.billingCurrency,
    dueDays: config.billingDueDays,
    taxed: config.billingTaxed,
    quarantineMs: config.pushUnknownQuarantineMinutes * 60_000,
    holdGapHours: config.pushHoldGapHours,
    ...(tuning.pushUnknownCreateWaitMs === undefined ? {} : { unknownCreateWaitMs: tuning.pushUnknownCreateWaitMs }),
    ...(tuning.billingRetryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: tuning.billingRetryBaseDelayMs }),
  };
  return {
    invoicePush: new InvoicePush({ source, records: store, runs: store, system, connector: billingConnector, events, settings, logger }),
    invoiceReconciliation: new InvoiceReconciliation({ source, records: store, runs: store, system, connector: billingConnector, settings }),
  };
}
