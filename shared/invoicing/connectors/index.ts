import type { BillingRetryPolicy } from '../transport';
import type { BillingConnector, BillingSystemName } from '../types';
import { createBlestaConnector } from './blesta';
import { createHostbillConnector } from './hostbill';
import { createWhmcsConnector } from './whmcs';

export interface ConnectorOptions {
  readonly baseUrl: string;
  readonly identifier: string;
  readonly secret: string;
  readonly currency?: string;
  readonly timeoutMs?: number;
  readonly retry?: Partial<BillingRetryPolicy>;
}

/** The connector of the named billing system. */
export function createConnector(system: BillingSystemName, options: ConnectorOptions): BillingConnector {
  switch (system) {
    case 'whmcs':
      return createWhmcsConnector(options);
    case 'blesta':
      return createBlestaConnector(options);
    case 'hostbill':
      return createHostbillConnector(options);
  }
}
