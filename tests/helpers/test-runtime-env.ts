/**
 * Environment for pipeline integration tests that build the real runtime (src/app/runtime.ts): the shared Redis with a
 * unique QUEUE_PREFIX, PostgreSQL in a unique schema when available (else PGlite in a temp dir), and `cleanup()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadEnv, type Env } from '../../src/config/env.js';

export interface TestRuntimeEnv {
  env: Env;
  cleanup(): Promise<void>;
}

export async function createTestRuntimeEnv(
  name: string,
  redisUrl: string,
  postgresUrl: string | null,
  extra: Record<string, string> = {},
): Promise<TestRuntimeEnv> {
  const id = `${name}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const dir = mkdtempSync(join(tmpdir(), `raqib-${name}-`));
  const schema = `t_${id.replace(/[^a-z0-9_]/g, '_')}`;
  const prefix = `t-${id}`;
  let databaseUrl: string | undefined;
  if (postgresUrl) {
    await withPg(postgresUrl, `create schema ${schema}`);
    const url = new URL(postgresUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
  }
  const env = loadEnv({
    REDIS_URL: redisUrl,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    DATA_DIR: dir,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    DIGEST_TIME: 'off',
    ...extra,
  });
  return {
    env,
    async cleanup() {
      if (postgresUrl) await withPg(postgresUrl, `drop schema if exists ${schema} cascade`);
      const redis = new Redis(redisUrl);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      await redis.quit();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withPg(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
