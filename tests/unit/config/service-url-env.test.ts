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
