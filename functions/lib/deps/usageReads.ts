import { dynamoUsageReadPorts } from '../../../shared/aggregation/dynamo';
import { UsageReader } from '../../../shared/aggregation/UsageReader';
import { configuredInstallations } from './installationIds';
import type { CoreDeps } from './core';

export interface UsageReadDeps {
  /** Usage, invoice lines and period headers: reads of the table only. */
  readonly usageReader: UsageReader;
}

/** The read side of the periods: no event bus, no snapshot store, no write (the read functions' role may only read). */
export function buildUsageReadDeps(core: CoreDeps): UsageReadDeps {
  const { config, db } = core;
  return {
    usageReader: new UsageReader({
      ...dynamoUsageReadPorts(db, config.tableName),
      settings: { billSuspendedTime: config.billSuspendedTime, tokenRates: config.tokenRates, installations: configuredInstallations(core) },
    }),
  };
}
