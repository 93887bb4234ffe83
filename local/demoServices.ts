import { callJson } from './demoMonth';
import type { LocalStack } from './stack';

/** A prepaid order of customer 1002 (bob) in the demo fleet: plan 1, the simulator's location and image. */
export const demoOrder = (serviceRef: string) => ({
  serviceRef,
  customer: { email: 'bob@example.test', billingClientId: 1002 },
  planId: 1,
  locationId: 1,
  osImageId: 1,
  hostname: `${serviceRef}.example.test`,
  backups: false,
  additionalIps: 0,
  billingMode: 'prepaid',
});

/**
 * Two services a billing system provisioned through the bridge, for the console's Services page:
 * `whmcs-501` made, `whmcs-502` failed (SolusIO accepted the create but its task failed). Answers
 * the stored views of both, as GET /v1/services/{ref} shows them.
 */
export async function seedDemoServices(stack: LocalStack): Promise<{ made: unknown; failed: { state: string; failureReason: string | null } }> {
  const key = { authorization: `Bearer ${stack.adminKey}` };
  const made = await callJson(`${stack.apiUrl}/v1/services`, 'POST', demoOrder('whmcs-501'), key);
  const fault = { rules: [{ method: 'POST', path: 'servers', task: 'failed', times: 1 }] };
  await callJson(`${stack.simulatorUrl}/_sim/faults`, 'POST', fault);
  await callJson(`${stack.apiUrl}/v1/services`, 'POST', demoOrder('whmcs-502'), key);
  // Reading it asks SolusIO for its task: that is when the service learns it failed.
  const failed = (await callJson(`${stack.apiUrl}/v1/services/whmcs-502`, 'GET', undefined, key)) as { state: string; failureReason: string | null };
  return { made, failed };
}
