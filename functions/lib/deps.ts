import type { BridgeConfig } from '../../shared/config';
import type { EventPublisher } from '../../shared/events/eventPublisher';
import { buildAggregationDeps, type AggregationDeps } from './deps/aggregation';
import { buildAuthDeps, type AuthDeps } from './deps/auth';
import { buildCatalogDeps, type CatalogDeps } from './deps/catalog';
import { buildCoreDeps, type CoreDeps, type CoreOverrides } from './deps/core';
import { buildEventDeps, type EventDeps } from './deps/events';
import { buildInvoicingDeps, type InvoicingDeps } from './deps/invoicing';
import { buildProvisioningDeps, type ProvisioningDeps } from './deps/provisioning';
import { buildSnapshotDeps, type SnapshotDeps } from './deps/snapshots';
import { buildStoreDeps, type StoreDeps } from './deps/stores';
import { buildUsageReadDeps, type UsageReadDeps } from './deps/usageReads';

/**
 * Everything any handler needs from the outside world, built once per process and injected. Each
 * Lambda entry builds only its own families (`functions/lib/deps/*`), so a handler's bundle holds
 * only the domains it uses; the local stack and tests build them all here.
 */
export type BridgeDeps = CoreDeps & AuthDeps & StoreDeps & SnapshotDeps & EventDeps & UsageReadDeps & AggregationDeps & ProvisioningDeps & CatalogDeps & InvoicingDeps;

export interface DepsOverrides extends CoreOverrides {
  readonly events?: EventPublisher;
}

export function buildDeps(config: BridgeConfig, overrides: DepsOverrides = {}): BridgeDeps {
  const core = buildCoreDeps(config, overrides);
  const stores = buildStoreDeps(core);
  const events = buildEventDeps(core, overrides.events);
  const reads = buildUsageReadDeps(core);
  return {
    ...core,
    ...buildAuthDeps(core),
    ...stores,
    ...buildSnapshotDeps(core, stores),
    ...events,
    ...reads,
    ...buildAggregationDeps(core, stores, events),
    // Provisioning and the catalog call each installation's own SolusIO.
    ...buildProvisioningDeps(core, stores),
    ...buildCatalogDeps(core),
    ...buildInvoicingDeps(core, { ...reads, ...events }),
  };
}
