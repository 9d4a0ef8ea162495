import { describe, expect, it } from 'vitest';
import { createTrustedList, isNonPublicAddress } from '../../../../src/fetch/http/address-guard.js';
import { checkTarget } from '../../../../src/fetch/http/check-target.js';
import { isHostAllowed } from '../../../../src/fetch/http/host-allowlist.js';
import type { FetchRequestPolicy } from '../../../../src/fetch/http/http-types.js';

/** [address, why it is not public] — the first, last and an inner address of each special range. */
const NON_PUBLIC: ReadonlyArray<[string, string]> = [
  ['0.0.0.1', '0/8 this network'],
  ['0.255.255.255', '0/8 this network'],
  ['100.64.0.0', '100.64/10 CGNAT'],
  ['100.127.255.255', '100.64/10 CGNAT'],
  ['169.254.0.1', '169.254/16 link-local'],
  ['198.18.0.1', '198.18/15 benchmarking'],
  ['198.19.255.254', '198.18/15 benchmarking'],
  ['192.0.0.8', '192.0.0/24 IETF'],
  ['192.88.99.1', '6to4 relay anycast'],
  ['240.0.0.1', '240/4 reserved'],
  ['250.1.2.3', '240/4 reserved'],
  ['239.255.255.250', '224/4 multicast (SSDP)'],
  ['::7f00:1', '::/96 IPv4-compatible loopback'],
  ['::8.8.8.8', '::/96 IPv4-compatible (deprecated, never routed)'],
  ['::0.0.0.2', '::/96'],
  ['0:0:0:0:0:ffff:127.0.0.1', 'mapped loopback, long form'],
  ['0:0:0:0:0:FFFF:0a00:0001', 'mapped 10/8, upper case'],
  ['::ffff:169.254.169.254', 'mapped metadata'],
  ['::ffff:c0a8:101', 'mapped 192.168.1.1 in hex'],
  ['::ffff:0:7f00:1', '::ffff:0:0:0/96 IPv4-translated'],
  ['64:ff9b::127.0.0.1', 'NAT64 loopback'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 169.254.169.254 in hex'],
  ['64:ff9b:0:0:0:0:c0a8:0001', 'NAT64 192.168.0.1 long form'],
  ['64:ff9b:1::1', 'local-use NAT64'],
  ['2002:7f00:1::', '6to4 of loopback'],
  ['2002:0a00:0001:1234::1', '6to4 of 10.0.0.1'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation (RFC 9637)'],
  ['fe80::1', 'fe80::/10 link-local'],
  ['febf:ffff::1', 'fe80::/10 upper end'],
  ['fc00::1', 'fc00::/7 ULA'],
  ['fdff:ffff::1', 'fc00::/7 ULA'],
  ['ff02::1', 'multicast'],
  ['fe80::1%eth0', 'link-local with zone'],
  ['[::ffff:127.0.0.1]', 'bracketed mapped loopback'],
];

const PUBLIC: readonly string[] = [
  '1.1.1.1',
  '100.63.255.255',
  '100.128.0.1',
  '169.253.255.255',
  '198.17.255.255',
  '198.20.0.1',
  '223.255.255.254',
  '::ffff:1.1.1.1',
  '0:0:0:0:0:ffff:0808:0808',
  '64:ff9b::8.8.8.8',
  '64:ff9b::101:101',
  '2002:0808:0808::1',
  '2606:4700:4700::1111',
  '2a00:1450:4001::200e',
];

describe('isNonPublicAddress special-purpose table', () => {
  it.each(NON_PUBLIC)('%s is non-public (%s)', (ip) => {
    expect(isNonPublicAddress(ip)).toBe(true);
  });

  it.each(PUBLIC)('%s is public', (ip) => {
    expect(isNonPublicAddress(ip)).toBe(false);
  });
});

describe('trusted addresses and allowed hosts with ports', () => {
  it('a trusted entry with a port trusts that port only', () => {
    const trusted = createTrustedList(['127.0.0.1:8080', '[::1]:8443', '10.1.0.0/16:9000', '192.168.5.5']);
    expect(trusted('127.0.0.1', 8080)).toBe(true);
    expect(trusted('127.0.0.1', 6379)).toBe(false);
    expect(trusted('127.0.0.1')).toBe(false);
    expect(trusted('::1', 8443)).toBe(true);
    expect(trusted('::1', 22)).toBe(false);
    expect(trusted('10.1.200.3', 9000)).toBe(true);
    expect(trusted('10.1.200.3', 9001)).toBe(false);
    expect(trusted('192.168.5.5', 1)).toBe(true);
  });

  it('refuses a malformed trusted entry instead of trusting nothing silently', () => {
    expect(() => createTrustedList(['localhost:80'])).toThrow(/not an IP/);
  });

  it('an allowed host with a port admits that port only', () => {
    const allowed = ['mirror.example.org:8443', 'news.example.com'];
    expect(isHostAllowed('mirror.example.org', allowed, 8443)).toBe(true);
    expect(isHostAllowed('mirror.example.org', allowed, 443)).toBe(false);
    expect(isHostAllowed('mirror.example.org', allowed)).toBe(false);
    expect(isHostAllowed('news.example.com', allowed, 8080)).toBe(true);
    expect(isHostAllowed('[::1]', ['[::1]:8080'], 8080)).toBe(true);
    expect(isHostAllowed('[::1]', ['[::1]:8080'], 80)).toBe(false);
  });

  it('checkTarget uses the URL port (scheme default when absent) for both lists', () => {
    const policy: FetchRequestPolicy = {
      sourceId: 's',
      allowedHosts: ['127.0.0.1:8080', 'localhost'],
      allowPrivateAddresses: false,
      obeyRobots: false,
    } as FetchRequestPolicy;
    const trusted = createTrustedList(['127.0.0.1:8080']);
    expect(() => checkTarget(new URL('http://127.0.0.1:8080/a'), policy, trusted)).not.toThrow();
    expect(() => checkTarget(new URL('http://127.0.0.1:6379/a'), policy, trusted)).toThrow(/not allowed/);
    const anyPortHost = { ...policy, allowedHosts: ['127.0.0.1'] };
    expect(() => checkTarget(new URL('http://127.0.0.1/a'), anyPortHost, trusted)).toThrow(/non-public/);
  });
});
