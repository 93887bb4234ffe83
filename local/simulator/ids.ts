import { createHash } from 'node:crypto';

/**
 * A UUID (version 4 layout) derived from a kind and an id, so that a replay of the same
 * operations yields the same UUIDs.
 */
export function deterministicUuid(kind: string, id: number): string {
  const h = createHash('sha256').update(`solusio-sim:${kind}:${id}`).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const IPV4_SPACE = 1 << 17; // 198.18.0.0/15

/** The IPv4 address of IP id n: 198.18.0.0 + n inside 198.18.0.0/15 (wraps after 131,071). */
export function ipv4ForId(n: number): string {
  const offset = ((n % IPV4_SPACE) + IPV4_SPACE) % IPV4_SPACE;
  return `198.${18 + (offset >> 16)}.${(offset >> 8) & 255}.${offset & 255}`;
}

/** The IPv6 /64 of a server: 2001:db8:<high>:<low>::/64 from its id. */
export function ipv6RangeForServer(serverId: number): { range: string; primaryIp: string } {
  const high = ((serverId >>> 16) & 0xffff).toString(16);
  const low = (serverId & 0xffff).toString(16);
  const prefix = `2001:db8:${high}:${low}`;
  return { range: `${prefix}::/64`, primaryIp: `${prefix}::1` };
}
