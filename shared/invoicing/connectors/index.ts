import type { ConnectorConfig } from '../connectorConfig';
import type { BillingConnector, BillingSystemName } from '../types';
import { createBlestaConnector } from './blesta';
import { createHostbillConnector } from './hostbill';
import { createUbersmithConnector } from './ubersmith';
import { createWhmcsConnector } from './whmcs';

export type ConnectorOptions = Omit<ConnectorConfig, 'fetch'>;

/** The connector of the named billing system. */
export function createConnector(system: BillingSystemName, options: ConnectorOptions): BillingConnector {
  switch (system) {
    case 'whmcs':
      return createWhmcsConnector(options);
    case 'blesta':
      return createBlestaConnector(options);
    case 'hostbill':
      return createHostbillConnector(options);
    case 'ubersmith':
      return createUbersmithConnector(options);
  }
}
