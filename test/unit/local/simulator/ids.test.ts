import { deterministicUuid, ipv4ForId, ipv6RangeForServer } from '../../../../local/simulator/ids';

describe('deterministicUuid', () => {
  it('gives the same version-4-shaped uuid for the same kind and id', () => {
    const uuid = deterministicUuid('server', 12);

    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicUuid('server', 12)).toBe(uuid);
  });

  it('gives different uuids for different ids and kinds', () => {
    const uuids = new Set([deterministicUuid('server', 1), deterministicUuid('server', 2), deterministicUuid('backup', 1)]);

    expect(uuids.size).toBe(3);
  });
});

describe('ipv4ForId', () => {
  it.each([
    [1, '198.18.0.1'],
    [255, '198.18.0.255'],
    [256, '198.18.1.0'],
    [65_536, '198.19.0.0'],
    [131_071, '198.19.255.255'],
  ])('maps IP id %d to %s inside 198.18.0.0/15', (id, ip) => {
    expect(ipv4ForId(id)).toBe(ip);
  });
});

describe('ipv6RangeForServer', () => {
  it('derives a /64 inside 2001:db8::/32 from the server id', () => {
    expect(ipv6RangeForServer(0x1_0002)).toEqual({ range: '2001:db8:1:2::/64', primaryIp: '2001:db8:1:2::1' });
  });
});
