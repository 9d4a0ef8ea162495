import { describe, expect, it } from 'vitest';
import { FetchError } from '../../../../src/fetch/http/fetch-error.js';
import { networkCause } from '../../../../src/fetch/http/network-cause.js';

const sysError = (code: string, message: string) => Object.assign(new Error(message), { code });
const networkError = (cause: unknown) =>
  new FetchError('network', 'https://example.invalid/robots.txt', 'fetch failed', { cause });

describe('networkCause', () => {
  it('tells DNS failures, refused connections and resets apart, through nested causes', () => {
    expect(networkCause(networkError(sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND example.invalid')))).toBe(
      'DNS: host not found (ENOTFOUND)',
    );
    const nested = new TypeError('fetch failed', { cause: sysError('ECONNREFUSED', 'connect ECONNREFUSED') });
    expect(networkCause(networkError(nested))).toBe('connection refused (ECONNREFUSED)');
    expect(networkCause(networkError(sysError('ECONNRESET', 'socket hang up')))).toBe(
      'connection reset by the server (ECONNRESET)',
    );
    expect(networkCause(networkError(sysError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN')))).toMatch(/^DNS: /);
  });

  it('reports timeouts and unknown codes as such', () => {
    const timeout = new FetchError(
      'timeout',
      'https://a.test/robots.txt',
      'no complete response within 5 ms',
    );
    expect(networkCause(timeout)).toMatch(/^timeout/);
    expect(networkCause(networkError(sysError('EWEIRD', 'odd')))).toBe('network: EWEIRD');
    expect(networkCause(networkError(new Error('no code')))).toMatch(/^network: fetch failed/);
  });
});
