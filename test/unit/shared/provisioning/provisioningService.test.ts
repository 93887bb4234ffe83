import { serverMarker } from '../../../../shared/provisioning';
import { fakeProvisioning, testOrder, type FakeProvisioning } from '../../../support/fakeProvisioning';

const NOW = '2026-11-03T10:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

const order = testOrder;

describe('ProvisioningService on fakes', () => {
  let p: FakeProvisioning;

  beforeEach(() => {
    p = fakeProvisioning();
  });

  describe('create', () => {
    it('creates one marked server, owns it and records the service active', async () => {
      const view = await p.service.create(order('S'), NOW);
      expect(view).toMatchObject({ state: 'active', serverId: expect.any(Number) });
      const server = p.solusio.servers.get(view.serverId as number);
      expect(server?.description).toBe(serverMarker({ installation: 'default', serviceRef: 'S', attemptId: 'attempt1' }));
      expect(await p.ownership.ownerOf('default', view.serverId as number)).toBe('S');
      expect(p.changes.prepaid.has(view.serverId as number)).toBe(true);
    });

    it('creates the SolusIO user as the official module does: active, with a fresh password and the billing client id', async () => {
      await p.service.create(order('S'), NOW);
      await p.service.create(order('T', { customer: { email: 'y@example.test', billingClientId: 43 } }), NOW);

      expect(p.solusio.userBodies).toEqual([
        { email: 'x@example.test', password: 'Fake-Passw0rd-1', status: 'active', billing_user_id: 42 },
        { email: 'y@example.test', password: 'Fake-Passw0rd-2', status: 'active', billing_user_id: 43 },
      ]);
    });

    it('sends the configured backup schedule with a create that has backups, and only enabled: false without', async () => {
      await p.service.create(order('S', { backups: true }), NOW);
      await p.service.create(order('T', { backups: false }), NOW);

      expect(p.solusio.serverBodies.map((body) => body['backup_settings'])).toEqual([
        { enabled: true, schedule: { type: 'weekly', time: { hour: 2, minutes: 30 }, days: [1, 4] } },
        { enabled: false },
      ]);
    });

    it('sends the configured backup schedule when an update turns backups on, and only enabled: false when it turns them off', async () => {
      await p.service.create(order('S'), NOW);

      await p.service.update('S', { backups: true }, at(1));
      await p.service.update('S', { backups: false }, at(2));
      await p.service.update('S', { hostname: 'renamed.example.test' }, at(3));

      expect(p.solusio.updateBodies).toEqual([
        { backup_settings: { enabled: true, schedule: { type: 'weekly', time: { hour: 2, minutes: 30 }, days: [1, 4] } } },
        { backup_settings: { enabled: false } },
        { name: 'renamed.example.test' },
      ]);
    });

    it('refuses a plan, location or image SolusIO does not have before touching any user, and leaves no claim', async () => {
      await expect(p.service.create(order('S', { planId: 9, locationId: 8, osImageId: 7 }), NOW)).rejects.toMatchObject({
        statusCode: 422,
        code: 'solusio_rejected',
        message: expect.stringMatching(/plan: .*9.*location: .*8.*os: .*7/),
      });
      expect(p.solusio.calls).toEqual([]);
      expect(p.services.records.size).toBe(0);
    });

    it('refuses to move a user that bills to another client, and sets the client on one that has none', async () => {
      p.solusio.addUser({ id: 1, email: 'x@example.test', billingUserId: 1111 });
      await expect(p.service.create(order('S'), NOW)).rejects.toMatchObject({ statusCode: 409, code: 'customer_mismatch' });
      expect(p.solusio.calls).toEqual([]);
      expect(p.services.records.size).toBe(0);

      p.solusio.addUser({ id: 1, email: 'x@example.test', billingUserId: null });
      await p.service.create(order('S'), NOW);
      expect(p.solusio.users.get(1)?.billingUserId).toBe(42);
    });

    it('removes the user it made when SolusIO refuses the server, and leaves no claim', async () => {
      p.solusio.onCreate = 'refuse';
      await expect(p.service.create(order('S'), NOW)).rejects.toMatchObject({ name: 'SolusValidationError' });
      expect(p.solusio.calls).toEqual(['createUser', 'createServer', 'deleteUser 101']);
      expect(p.services.records.size).toBe(0);
    });

    it('keeps an unanswered create unknown: a retry waits, adopts the late server by its marker, and never creates again', async () => {
      p.solusio.onCreate = 'timeout';
      await expect(p.service.create(order('S'), NOW)).rejects.toMatchObject({ name: 'SolusTimeoutError' });
      expect(p.services.records.get('S')).toMatchObject({ state: 'creating', attemptOutcome: 'unknown', userId: 101 });

      p.solusio.onCreate = 'ok';
      await expect(p.service.create(order('S'), at(1))).rejects.toMatchObject({ statusCode: 409, code: 'service_in_progress', retryAfterSeconds: 30 });
      const late = p.solusio.commitLate();
      expect(await p.service.create(order('S'), at(2))).toMatchObject({ state: 'active', serverId: late.id });
      expect(p.solusio.calls.filter((call) => call === 'createServer')).toHaveLength(1);
      expect(p.services.records.get('S')?.attemptOutcome).toBeUndefined();
    });

    it('answers Retry-After up to the quarantine\'s end, then fails the service with a reason; a new create makes a new server', async () => {
      p.solusio.onCreate = 'timeout';
      await expect(p.service.create(order('S'), NOW)).rejects.toThrow();
      p.solusio.onCreate = 'ok';
      await expect(p.service.create(order('S'), at(14.75))).rejects.toMatchObject({ code: 'service_in_progress', retryAfterSeconds: 15 });
      await expect(p.service.create(order('S'), at(15))).rejects.toMatchObject({ code: 'create_unconfirmed', message: expect.stringContaining('h.example.test') });
      expect(p.services.records.get('S')).toMatchObject({ state: 'failed', failureReason: expect.stringContaining('attempt1') });
      expect(await p.service.create(order('S'), at(16))).toMatchObject({ state: 'active' });
      expect(p.solusio.servers.size).toBe(1);
    });

    it('starts a crashed attempt again at once when it never reached the create, and waits when it may have', async () => {
      await p.services.claim({
        serviceRef: 'S',
        installation: 'default',
        state: 'creating',
        billingMode: 'prepaid',
        requestHash: (await import('../../../../shared/provisioning')).createRequestHash(order('S')),
        customer: order('S').customer,
        planId: 1,
        hostname: 'h.example.test',
        claimedAt: NOW,
        claimWallMs: p.wallMs,
        attemptId: 'crashed',
        createdAt: NOW,
        updatedAt: NOW,
        version: 0,
      });
      // Live: another request is at work; this one gives up at its deadline.
      await expect(p.service.create(order('S'), NOW)).rejects.toMatchObject({ code: 'service_in_progress' });
      p.wallMs += 60_000;
      expect(await p.service.create(order('S'), at(1))).toMatchObject({ state: 'active' });

      const q = fakeProvisioning();
      const stored = p.services.records.get('S');
      if (!stored) throw new Error('no record');
      await q.services.claim({ ...stored, state: 'creating', serverId: undefined, userId: 5, attemptId: 'crashed', claimWallMs: 0, version: 0 } as never);
      q.solusio.addUser({ id: 5, email: 'x@example.test', billingUserId: 42 });
      await expect(q.service.create(order('S'), at(1))).rejects.toMatchObject({ code: 'service_in_progress' });
      expect(q.solusio.calls).not.toContain('createServer');
    });

    it('answers a terminated ref 409 and another request under a live ref 409', async () => {
      const view = await p.service.create(order('S'), NOW);
      await expect(p.service.create(order('S', { planId: 2 }), NOW)).rejects.toMatchObject({ code: 'service_exists' });
      await p.service.terminate('S', at(1));
      expect(p.solusio.servers.has(view.serverId as number)).toBe(false);
      await expect(p.service.create(order('S'), at(2))).rejects.toMatchObject({ code: 'service_terminated' });
    });
  });

  describe('actions', () => {
    it('touches only a server the service owns', async () => {
      const a = await p.service.create(order('A'), NOW);
      const record = p.services.records.get('A');
      if (!record) throw new Error('no record');
      p.services.records.set('B', { ...record, serviceRef: 'B' });
      await expect(p.service.terminate('B', at(1))).rejects.toMatchObject({ code: 'server_not_owned' });
      await expect(p.service.action('B', 'suspend', at(1))).rejects.toMatchObject({ code: 'server_not_owned' });
      expect(p.solusio.servers.has(a.serverId as number)).toBe(true);
      expect(p.solusio.calls.filter((call) => call.startsWith('deleteServer') || call.startsWith('suspend'))).toEqual([]);
    });

    it('keeps terminated final when a suspend answers after the termination was written', async () => {
      await p.service.create(order('S'), NOW);
      // The suspend reaches SolusIO, then the termination runs to the end before the suspend writes.
      p.solusio.duringAction = async () => {
        p.solusio.duringAction = undefined;
        await p.service.terminate('S', at(1));
      };
      await expect(p.service.action('S', 'suspend', at(1))).rejects.toMatchObject({ code: 'service_terminated' });
      expect(p.services.records.get('S')?.state).toBe('terminated');
    });

    it('does not write an outcome over a state another action changed meanwhile', async () => {
      await p.service.create(order('S'), NOW);
      p.solusio.duringAction = async () => {
        p.solusio.duringAction = undefined;
        await p.service.action('S', 'suspend', at(1));
      };
      await expect(p.service.action('S', 'unsuspend', at(1))).rejects.toMatchObject({ code: 'service_changed' });
      expect(p.services.records.get('S')?.state).toBe('suspended');
    });

    it('terminates over an action that changed the state meanwhile: termination wins', async () => {
      await p.service.create(order('S'), NOW);
      const record = p.services.records.get('S');
      if (!record) throw new Error('no record');
      // A suspend lands between the termination's read and its write.
      const deleteServer = p.solusio.deleteServer.bind(p.solusio);
      p.solusio.deleteServer = async (id: number) => {
        await p.services.replace(record, { ...record, state: 'suspended' });
        return deleteServer(id);
      };
      expect(await p.service.terminate('S', at(1))).toMatchObject({ state: 'terminated' });
    });

    it('says the server is gone when SolusIO no longer has it and nothing terminated the service', async () => {
      const view = await p.service.create(order('S'), NOW);
      p.solusio.servers.delete(view.serverId as number);
      await expect(p.service.action('S', 'suspend', at(1))).rejects.toMatchObject({ code: 'server_gone' });
    });
  });
});
