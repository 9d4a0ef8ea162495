import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';

describe('REDIS_URL and DATABASE_URL need a scheme', () => {
  it.each(['localhost:6379', '127.0.0.1:6379', 'http://redis:6379', 'redis'])(
    'refuses REDIS_URL=%s',
    (value) => {
      expect(() => loadEnv({ REDIS_URL: value })).toThrow(/REDIS_URL.*redis:\/\/ or rediss:\/\//s);
    },
  );
  it.each(['localhost:5432', 'mysql://db/x', 'db.example.org/raqib'])('refuses DATABASE_URL=%s', (value) => {
    expect(() => loadEnv({ DATABASE_URL: value })).toThrow(/DATABASE_URL.*postgres:\/\/ or postgresql:\/\//s);
  });
  it('accepts the documented forms', () => {
    const env = loadEnv({
      REDIS_URL: 'rediss://u:p@cache.example:6380/2',
      DATABASE_URL: 'postgresql://raqib@db/raqib',
    });
    expect(env.REDIS_URL).toBe('rediss://u:p@cache.example:6380/2');
    expect(
      loadEnv({ REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://x@h/d' }).DATABASE_URL,
    ).toBe('postgres://x@h/d');
  });
});

describe('timer and byte settings have a maximum', () => {
  it.each(['HTTP_TIMEOUT_MS', 'LLM_TIMEOUT_MS', 'WORKER_LOCK_MS', 'DELIVERY_LEASE_MS', 'STARTUP_TIMEOUT_MS'])(
    '%s over 2^31−1 ms is refused (such a timer fires at once)',
    (name) => {
      expect(() => loadEnv({ [name]: '2147483648' })).toThrow(new RegExp(name));
      expect(loadEnv({ [name]: '2147483647' })[name as 'HTTP_TIMEOUT_MS']).toBe(2147483647);
    },
  );
  it('HTTP_MAX_BYTES over 1 GiB is refused', () => {
    expect(() => loadEnv({ HTTP_MAX_BYTES: String(2 ** 31) })).toThrow(/HTTP_MAX_BYTES/);
  });
});
