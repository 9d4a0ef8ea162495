import { describe, expect, it } from 'vitest';
import { isHostAllowed } from '../../../../src/fetch/http/host-allowlist.js';

describe('isHostAllowed', () => {
  const allowed = ['www.aljazeera.net', 'rudaw.net'];

  it('allows listed hosts, their subdomains and the www-less apex', () => {
    expect(isHostAllowed('www.aljazeera.net', allowed)).toBe(true);
    expect(isHostAllowed('aljazeera.net', allowed)).toBe(true);
    expect(isHostAllowed('cdn.rudaw.net', allowed)).toBe(true);
    expect(isHostAllowed('RUDAW.NET.', allowed)).toBe(true);
  });

  it('refuses look-alikes and other hosts', () => {
    expect(isHostAllowed('evilrudaw.net', allowed)).toBe(false);
    expect(isHostAllowed('rudaw.net.evil.com', allowed)).toBe(false);
    expect(isHostAllowed('example.com', allowed)).toBe(false);
  });

  it('allows nothing when the list is empty', () => {
    expect(isHostAllowed('example.com', [])).toBe(false);
    expect(isHostAllowed('example.com', [''])).toBe(false);
  });
});
