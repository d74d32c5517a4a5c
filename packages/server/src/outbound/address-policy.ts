import { BlockList, isIP } from 'node:net';

/**
 * Which addresses an outbound request may reach. Public unicast addresses always; loopback
 * only when `allowLoopback` (development instances); every other special range (private,
 * link-local, ULA, CGNAT, multicast, documentation, unspecified, …) only with
 * `allowPrivate` (`CASTELLAN_OUTBOUND_ALLOW_PRIVATE=1`) or when the host is allowlisted.
 */
export interface AddressPolicy {
  allowLoopback: boolean;
  allowPrivate: boolean;
  /** Host names (lowercase) that may resolve anywhere, e.g. an internal proxy. */
  allowHosts: readonly string[];
}

export type AddressKind = 'public' | 'loopback' | 'special';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * Not globally reachable unicast (IANA special-purpose registries), loopback excluded. One
 * list per family: a BlockList also matches IPv4 addresses against IPv6 rules (as mapped
 * addresses), and `::/96` would then cover every IPv4 address.
 */
const special4 = new BlockList();
const special6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  special4.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::', 96], // IPv4-compatible (deprecated)
  ['::ffff:0:0', 96], // IPv4-mapped, in a form `embeddedIpv4` did not read
  ['64:ff9b::', 96], // NAT64, likewise
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo included)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: the IPv4 inside could be anything
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  special6.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 (`64:ff9b::/96`) one. */
function embeddedIpv4(address: string): string | undefined {
  const match =
    /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(
      address,
    );
  if (!match) return undefined;
  if (match[1]) return match[1];
  const high = parseInt(match[2]!, 16);
  const low = parseInt(match[3]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** What kind of address `address` (an IP literal) is. */
export function classifyAddress(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return 'special';
  if (family === 6) {
    const v4 = embeddedIpv4(address.toLowerCase());
    if (v4 !== undefined) return classifyAddress(v4);
  }
  if (family === 4) {
    if (loopback.check(address, 'ipv4')) return 'loopback';
    return special4.check(address, 'ipv4') ? 'special' : 'public';
  }
  if (loopback.check(address, 'ipv6')) return 'loopback';
  return special6.check(address, 'ipv6') ? 'special' : 'public';
}

/** Whether the policy lets a request for `host` connect to `address`. */
export function isAddressAllowed(policy: AddressPolicy, host: string, address: string): boolean {
  if (policy.allowPrivate || policy.allowHosts.includes(host.toLowerCase())) return true;
  const kind = classifyAddress(address);
  return kind === 'public' || (kind === 'loopback' && policy.allowLoopback);
}
