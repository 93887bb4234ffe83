import type { RunningSimulator } from '../../../local/simulator';
import { Deadline, SolusioClient, SolusTimeoutError, SolusValidationError } from '../../../shared/solusio';
import { BASE_FIXTURES, SimClient, T0, useTestSimulator } from '../simulator/helpers';

/** The calls provisioning added for #21, against the simulator over HTTP. */
describe('SolusioClient: the provisioning calls', () => {
  let sim: RunningSimulator;
  let control: SimClient;
  useTestSimulator({ pageSize: 2 }, (started) => ({ sim, client: control } = started));
  const client = (requestTimeoutMs = 10_000) => new SolusioClient({ baseUrl: `${sim.url}/api/v1`, token: 't', requestTimeoutMs, maxRetries: 0 });
  const deadline = () => Deadline.after(5_000);

  beforeEach(async () => {
    await control.control('DELETE', 'faults');
    await control.setClock(T0);
    await control.reset(BASE_FIXTURES);
  });

  it('checks the catalog a create refers to: plan, location, OS image version, application', async () => {
    expect(await client().getPlan(1, deadline())).toMatchObject({ id: 1 });
    expect(await client().getPlan(99, deadline())).toBeUndefined();
    expect(await client().hasLocation(1, deadline())).toBe(true);
    expect(await client().hasLocation(99, deadline())).toBe(false);
    expect(await client().hasOsImageVersion(1, deadline())).toBe(true);
    expect(await client().hasOsImageVersion(99, deadline())).toBe(false);
    expect(await client().hasApplication(1, deadline())).toBe(false);
  });

  it('creates a server with a description it lists again, and deletes a user (already gone is fine)', async () => {
    const server = await client().createServer({ name: 'd.example.test', plan: 1, location: 1, os: 1, user: 1, description: 'marker x' }, deadline());
    expect(server.description).toBe('marker x');
    const [listed] = (await client().serverPages(deadline(), { user_id: 1 }).next()).value?.items ?? [];
    expect(listed?.description).toBe('marker x');
    const user = await client().createUser({ email: 'gone@example.test', password: 'Secret-Passw0rd', status: 'active', billing_user_id: 3 }, deadline());
    await client().deleteUser(user.id, deadline());
    await client().deleteUser(user.id, deadline());
    expect(await client().findUserByEmail('gone@example.test', deadline())).toBeUndefined();
  });

  it('reports a create that got no answer in time as a timeout (its outcome unknown), and SolusIO\'s refusal as a validation error', async () => {
    await control.control('POST', 'faults', { rules: [{ method: 'POST', path: '/api/v1/servers', delayMs: 500, times: 1 }] });
    await expect(client(100).createServer({ name: 'late.example.test', plan: 1, location: 1, os: 1, user: 1 }, deadline())).rejects.toBeInstanceOf(SolusTimeoutError);
    await expect(client().createServer({ name: 'bad.example.test', plan: 2, location: 1, os: 1, user: 1, backup_settings: { enabled: true } }, deadline())).rejects.toBeInstanceOf(
      SolusValidationError,
    );
  });
});
