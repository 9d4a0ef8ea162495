import { describe, expect, it } from 'vitest';
import {
  createGuardedLookup,
  createTrustedList,
  isNonPublicAddress,
} from '../../../../src/fetch/http/address-guard.js';

describe('isNonPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '[::1]',
    'not-an-ip',
  ])('refuses %s', (ip) => {
    expect(isNonPublicAddress(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '172.15.255.255', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'accepts %s',
    (ip) => {
      expect(isNonPublicAddress(ip)).toBe(false);
    },
  );
});

describe('createTrustedList', () => {
  it('matches single addresses and CIDR ranges', () => {
    const trusted = createTrustedList(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(trusted('127.0.0.1')).toBe(true);
    expect(trusted('127.0.0.2')).toBe(false);
    expect(trusted('10.200.1.1')).toBe(true);
    expect(trusted('fd00::5')).toBe(true);
    expect(trusted('not-an-ip')).toBe(false);
  });
});

describe('createGuardedLookup', () => {
  it('fails resolution of a name that resolves to loopback', async () => {
    const lookup = createGuardedLookup();
    const error = await new Promise<unknown>((resolve) =>
      lookup('localhost', { all: true }, (e) => resolve(e)),
    );
    expect(error).toMatchObject({ code: 'ERR_RAQIB_PRIVATE_ADDRESS' });
  });

  it('passes a trusted address through in the shape asked for', async () => {
    const lookup = createGuardedLookup(createTrustedList(['127.0.0.0/8', '::1']));
    const single = await new Promise<unknown[]>((resolve) =>
      lookup('127.0.0.1', { family: 4 }, (e, address, family) => resolve([e, address, family])),
    );
    expect(single).toEqual([null, '127.0.0.1', 4]);
  });
});
