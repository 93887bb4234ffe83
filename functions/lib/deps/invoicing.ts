import { DynamoPushStore } from '../../../shared/invoicing/DynamoPushStore';
import { InvoicePusher, PUSH_DEFAULTS } from '../../../shared/invoicing/InvoicePusher';
import { createConnector } from '../../../shared/invoicing/connectors';
import type { BillingConnector } from '../../../shared/invoicing/types';
import { billingCredentialsProvider } from '../billingCredentials';
import type { AggregationDeps } from './aggregation';
import type { CoreDeps } from './core';

export interface InvoicingDeps {
  /** The pusher, built when first needed (on AWS the billing credentials come from Secrets Manager). */
  readonly invoicePusher: () => Promise<InvoicePusher>;
}

/** Invoice pushes and reconciliation against the configured billing system (`BILLING_SYSTEM`). */
export function buildInvoicingDeps(core: CoreDeps, { aggregator }: Pick<AggregationDeps, 'aggregator'>): InvoicingDeps {
  const { config, db, logger } = core;
  const credentials = billingCredentialsProvider(config);
  const store = new DynamoPushStore(db, config.tableName);
  let pusher: Promise<InvoicePusher> | undefined;
  const connector = async (): Promise<BillingConnector | undefined> => {
    if (config.billingSystem === 'none') return undefined;
    if (config.billingUrl === undefined) throw new Error(`BILLING_URL is not set (BILLING_SYSTEM=${config.billingSystem})`);
    const { identifier, secret } = await credentials();
    return createConnector(config.billingSystem, {
      baseUrl: config.billingUrl,
      identifier,
      secret,
      currency: config.billingCurrency,
      ...(core.tuning.billingTimeoutMs === undefined ? {} : { timeoutMs: core.tuning.billingTimeoutMs }),
    });
  };
  return {
    invoicePusher: () => {
      pusher ??= connector().then(
        (billingConnector) =>
          new InvoicePusher({
            invoices: (period) => aggregator.invoices(period),
            store,
            connector: billingConnector,
            settings: {
              ...PUSH_DEFAULTS,
              currency: config.billingCurrency,
              dueDays: config.billingDueDays,
              ...(core.tuning.pushUnknownCreateWaitMs === undefined ? {} : { unknownCreateWaitMs: core.tuning.pushUnknownCreateWaitMs }),
            },
            logger,
          }),
      );
      // A failed credentials read is retried by the next invocation, not cached.
      pusher.catch(() => (pusher = undefined));
      return pusher;
    },
  };
}
