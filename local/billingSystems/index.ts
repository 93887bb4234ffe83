import type { BillingSystemName } from '../../shared/invoicing';
import type { BillingSystemApi } from './api';
import { blestaApi } from './blesta';
import { hostbillApi } from './hostbill';
import { ubersmithApi } from './ubersmith';
import { startBillingSimulator, type BillingSimulatorOptions, type RunningBillingSimulator } from './server';
import { whmcsApi } from './whmcs';

export type { BillingSimStatsJson, RunningBillingSimulator } from './server';
export type { SimInvoice } from './store';

/** Each billing system's simulated API. */
export const BILLING_SIM_APIS: Readonly<Record<BillingSystemName, BillingSystemApi>> = { whmcs: whmcsApi, blesta: blestaApi, hostbill: hostbillApi, ubersmith: ubersmithApi };

/** Starts the simulator of `system` on 127.0.0.1 (`port` 0: any free port). */
export function startBillingSystemSimulator(system: BillingSystemName, options: BillingSimulatorOptions): Promise<RunningBillingSimulator> {
  return startBillingSimulator(BILLING_SIM_APIS[system], options);
}
