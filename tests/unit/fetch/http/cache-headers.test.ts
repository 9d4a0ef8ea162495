import { describe, expect, it } from 'vitest';
import { freshnessLifetimeMs, parseRetryAfterMs } from '../../../../src/fetch/http/cache-headers.js';

describe('freshnessLifetimeMs', () => {
  it('reads max-age minus Age', () => {
    expect(freshnessLifetimeMs('public, max-age=300', undefined)).toBe(300_000);
    expect(freshnessLifetimeMs('max-age=300', '100')).toBe(200_000);
    expect(freshnessLifetimeMs(['public', 'max-age=60'], undefined)).toBe(60_000);
  });

  it('gives nothing for no-cache, no-store, expired or missing max-age', () => {
    expect(freshnessLifetimeMs('no-cache, max-age=300', undefined)).toBeUndefined();
    expect(freshnessLifetimeMs('no-store', undefined)).toBeUndefined();
    expect(freshnessLifetimeMs('max-age=60', '90')).toBeUndefined();
    expect(freshnessLifetimeMs('public', undefined)).toBeUndefined();
    expect(freshnessLifetimeMs(undefined, undefined)).toBeUndefined();
    expect(freshnessLifetimeMs('max-age=abc', undefined)).toBeUndefined();
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('120', now)).toBe(120_000);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  });
  it('ignores garbage', () => {
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('-5', now)).toBeUndefined();
  });
});
