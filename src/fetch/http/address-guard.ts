/**
 * Refuses loopback, private, link-local and other non-public addresses. The check runs inside the socket's DNS
 * lookup, so the address checked is the address connected to (safe against DNS rebinding), and again on every
 * redirect hop because every hop opens or reuses a connection checked the same way.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Ranges that are never a public news site: the RFC 6890 special-purpose registries (IANA IPv4/IPv6
 * special-purpose address registries, 2024), multicast and reserved. Written by hand because no maintained npm
 * package in the lockfile classes IPv6 transition forms (`::/96`, NAT64, 6to4, Teredo) by their embedded IPv4.
 */
const V4_RANGES: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT shared space
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved + limited broadcast
];
const V6_RANGES: ReadonlyArray<[string, number]> = [
  ['::', 96], // unspecified, loopback and deprecated IPv4-compatible ::a.b.c.d
  ['::ffff:0:0:0', 96], // IPv4-translated (RFC 2765)
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, benchmarking, ...)
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
  ['5f00::', 16], // SRv6 SIDs
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const nonPublic = new BlockList();
for (const [net, prefix] of V4_RANGES) nonPublic.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of V6_RANGES) nonPublic.addSubnet(net, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 literal (already validated by `isIP`), `::` and a dotted tail expanded. */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16));
}

function v4FromGroups(hi: number, lo: number): string {
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * The IPv4 address an IPv6 one carries and is routed to: mapped `::ffff:0:0/96`, NAT64 `64:ff9b::/96`
 * (RFC 6052) and 6to4 `2002::/16`. Such an address is as public as the IPv4 address inside it.
 */
function embeddedIpv4(ip: string): string | undefined {
  const g = ipv6Groups(ip);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const topZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (topZero && g5 === 0xffff) return v4FromGroups(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return v4FromGroups(g6, g7);
  if (g0 === 0x2002) return v4FromGroups(g1, g2);
  return undefined;
}

/**
 * Whether `ip` is loopback, private, link-local, CGNAT, documentation, multicast or otherwise not public, IPv6
 * forms that carry an IPv4 address included. Anything that is not an IP literal counts as non-public (fail closed).
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

/** Whether `ip` (connected to on `port`, when known) is trusted despite being non-public. */
export type TrustedCheck = (ip: string, port?: number) => boolean;

/** `10.0.0.0/8`, `127.0.0.1:8080`, `[::1]:8443`, `fd00::/8` → address, prefix and optional port. */
function parseTrustedEntry(entry: string): { net: string; prefix?: number; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry.trim());
  if (bracketed) return { net: bracketed[1] ?? '', ...(bracketed[2] ? { port: Number(bracketed[2]) } : {}) };
  const v4Port = /^(\d+\.\d+\.\d+\.\d+(?:\/\d+)?):(\d+)$/.exec(entry.trim());
  const text = v4Port ? (v4Port[1] ?? '') : entry.trim();
  const [net = '', prefix] = text.split('/');
  return {
    net,
    ...(prefix !== undefined ? { prefix: Number(prefix) } : {}),
    ...(v4Port ? { port: Number(v4Port[2]) } : {}),
  };
}

/**
 * A set of addresses or CIDR ranges treated as public, e.g. an internal mirror an operator configured. An entry
 * with a port (`127.0.0.1:8080`, `[::1]:8443`) trusts that address on that port only; the check then fails when
 * the port is unknown.
 */
export function createTrustedList(entries: readonly string[]): TrustedCheck {
  const anyPort = new BlockList();
  const byPort = new Map<number, BlockList>();
  for (const entry of entries) {
    const { net, prefix, port } = parseTrustedEntry(entry);
    const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(net) === 0)
      throw new Error(`trusted address ${JSON.stringify(entry)} is not an IP or CIDR range`);
    let list = anyPort;
    if (port !== undefined) {
      list = byPort.get(port) ?? new BlockList();
      byPort.set(port, list);
    }
    if (prefix === undefined) list.addAddress(net, family);
    else list.addSubnet(net, prefix, family);
  }
  return (ip, port) => {
    const bare = ip.replace(/^\[|\]$/g, '');
    const family = isIP(bare);
    if (family === 0) return false;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (anyPort.check(bare, type)) return true;
    const portList = port === undefined ? undefined : byPort.get(port);
    return portList !== undefined && portList.check(bare, type);
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
export function createGuardedLookup(isTrusted: TrustedCheck = () => false, port?: number) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const allOptions: LookupAllOptions = { ...options, all: true };
    dnsLookup(hostname, allOptions, (error, addresses) => {
      if (error) return callback(error, []);
      const bad = addresses.find((a) => isNonPublicAddress(a.address) && !isTrusted(a.address, port));
      if (bad) return callback(new PrivateAddressError(hostname, bad.address), []);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}
