import type { CreateServiceRequest } from '../../../../shared/provisioning';
import type { SolusServer } from '../../../../shared/solusio';
import { fakeProvisioning, testOrder, type FakeProvisioning } from '../../../support/fakeProvisioning';

const NOW = '2026-11-03T10:00:00.000Z';
const LATER = '2026-11-03T11:00:00.000Z';

const order = (serviceRef: string): CreateServiceRequest => testOrder(serviceRef, { additionalIps: 1, billingMode: 'postpaid' });

describe('a service\'s ipAddresses', () => {
  let p: FakeProvisioning;

  beforeEach(() => {
    p = fakeProvisioning();
  });

  const setAddresses = (serverId: number, ipv4: SolusServer['ipv4']): void => {
    const server = p.solusio.servers.get(serverId) as SolusServer;
    p.solusio.servers.set(serverId, { ...server, ipv4, additionalIpv4Count: ipv4.filter((ip) => !ip.isPrimary).length });
  };

  it('shows none while SolusIO lists none, then the primary first once GET observes them, and keeps them for the answers that do not read SolusIO', async () => {
    // Prepare
    const created = await p.service.create(order('S'), NOW);
    expect(created.ipAddresses).toEqual([]);
    const serverId = created.serverId as number;
    setAddresses(serverId, [
      { id: 2, ip: '192.0.2.11', isPrimary: false },
      { id: 1, ip: '192.0.2.10', isPrimary: true },
    ]);

    // Act
    const read = await p.service.get('S', LATER);
    const suspended = await p.service.action('S', 'suspend', LATER);

    // Assess
    expect(read.ipAddresses).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(p.services.records.get('S')?.ipAddresses).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(suspended.ipAddresses).toEqual(['192.0.2.10', '192.0.2.11']);
  });

  it('writes the record only when the addresses changed', async () => {
    // Prepare
    const { serverId } = await p.service.create(order('S'), NOW);
    setAddresses(serverId as number, [{ id: 1, ip: '192.0.2.10', isPrimary: true }]);
    await p.service.get('S', LATER);
    const version = p.services.records.get('S')?.version;

    // Act
    await p.service.get('S', LATER);
    setAddresses(serverId as number, [{ id: 3, ip: '192.0.2.20', isPrimary: true }]);
    const moved = await p.service.get('S', LATER);

    // Assess
    expect(moved.ipAddresses).toEqual(['192.0.2.20']);
    expect(p.services.records.get('S')?.version).toBe((version ?? 0) + 1);
  });

  it('shows none after termination', async () => {
    // Prepare
    const { serverId } = await p.service.create(order('S'), NOW);
    setAddresses(serverId as number, [{ id: 1, ip: '192.0.2.10', isPrimary: true }]);
    await p.service.get('S', LATER);

    // Act
    const terminated = await p.service.terminate('S', LATER);

    // Assess
    expect(terminated).toMatchObject({ state: 'terminated', ipAddresses: [] });
    expect((await p.service.get('S', LATER)).ipAddresses).toEqual([]);
  });
});
