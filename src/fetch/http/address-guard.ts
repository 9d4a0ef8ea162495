/**
 * Refuses loopback, private, link-local and other non-public addresses. The check runs inside the socket's DNS
 * lookup, so the address checked is the address connected to (safe against DNS rebinding), and again on every
 * redirect hop because every hop opens or reuses a connection checked the same way.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Ranges that are never a public news site (RFC 6890 special-purpose registries, plus multicast and reserved). */
const V4_RANGES: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const V6_RANGES: ReadonlyArray<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const nonPublic = new BlockList();
for (const [net, prefix] of V4_RANGES) nonPublic.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of V6_RANGES) nonPublic.addSubnet(net, prefix, 'ipv6');

/** An IPv4 address embedded in an IPv6 one (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`). */
function embeddedIpv4(ip: string): string | undefined {
  const lower = ip.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  const parts = hex ?? sixToFour;
  if (!parts) return undefined;
  const hi = parseInt(parts[1] ?? '0', 16);
  const lo = parseInt(parts[2] ?? '0', 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * Whether `ip` is loopback, private, link-local, CGNAT, documentation, multicast or otherwise not public.
 * Anything that is not an IP literal counts as non-public (fail closed).
 */
export function isNonPublicAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return nonPublic.check(bare, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedIpv4(bare);
  if (v4 !== undefined) return nonPublic.check(v4, 'ipv4');
  return nonPublic.check(bare, 'ipv6');
}

/** Thrown from the guarded lookup; `http-client` turns it into `FetchError('private-address')`. */
export class PrivateAddressError extends Error {
  readonly code = 'ERR_RAQIB_PRIVATE_ADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to the non-public address ${address}`);
  }
}

/** A set of addresses or CIDR ranges treated as public, e.g. an internal mirror an operator configured. */
export function createTrustedList(entries: readonly string[]): (ip: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [net = '', prefix] = entry.split('/');
    const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(net, family);
    else list.addSubnet(net, Number(prefix), family);
  }
  return (ip) => {
    const bare = ip.replace(/^\[|\]$/g, '');
    const family = isIP(bare);
    return family !== 0 && list.check(bare, family === 6 ? 'ipv6' : 'ipv4');
  };
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `net.connect` that fails with `PrivateAddressError` when any resolved address is non-public and
 * not trusted. Refusing when *any* address is private (not only the one picked) stops a host that answers with a
 * mix of public and private records from winning a race.
 */
export function createGuardedLookup(isTrusted: (ip: string) => boolean = () => false) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const allOptions: LookupAllOptions = { ...options, all: true };
    dnsLookup(hostname, allOptions, (error, addresses) => {
      if (error) return callback(error, []);
      const bad = addresses.find((a) => isNonPublicAddress(a.address) && !isTrusted(a.address));
      if (bad) return callback(new PrivateAddressError(hostname, bad.address), []);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}
