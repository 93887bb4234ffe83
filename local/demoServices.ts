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

async function bridge(stack: LocalStack, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
}

/**
 * Two services a billing system provisioned through the bridge, for the console's Services page:
 * `whmcs-501` made, `whmcs-502` failed (SolusIO accepted the create but its task failed). Answers
 * the stored views of both, as GET /v1/services/{ref} shows them.
 */
export async function seedDemoServices(stack: LocalStack): Promise<{ made: unknown; failed: { state: string; failureReason: string | null } }> {
  const made = await bridge(stack, 'POST', '/v1/services', demoOrder('whmcs-501'));
  if (made.status !== 201 && made.status !== 202) throw new Error(`POST /v1/services: ${made.status} ${JSON.stringify(made.json)}`);
  const fault = { rules: [{ method: 'POST', path: 'servers', task: 'failed', times: 1 }] };
  await fetch(`${stack.simulatorUrl}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  await bridge(stack, 'POST', '/v1/services', demoOrder('whmcs-502'));
  // Reading it asks SolusIO for its task: that is when the service learns it failed.
  const failed = (await bridge(stack, 'GET', '/v1/services/whmcs-502')).json as { state: string; failureReason: string | null };
  return { made: made.json, failed };
}
