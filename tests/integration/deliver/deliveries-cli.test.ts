import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb } from '../../../src/store/db.js';
import { createDeliveriesRepo } from '../../../src/store/deliveries-repo.js';
import { deleteTestKeys } from '../../helpers/redis-keys.js';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'raqib-dlv-cli-'));
const prefix = `test-${randomUUID()}`;
// A throw-away PostgreSQL database when one is available (opening PGlite per CLI call is slow); else PGlite.
const postgresUrl = inject('postgresUrl');
const database = `raqib_dlv_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const databaseUrl = postgresUrl
  ? Object.assign(new URL(postgresUrl), { pathname: `/${database}` }).href
  : undefined;
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  REDIS_URL: inject('redisUrl'),
  QUEUE_PREFIX: prefix,
  DATABASE_URL: databaseUrl ?? '',
};
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/console/cli/main.ts', 'deliveries', ...args], { env });

async function adminQuery(sql: string): Promise<void> {
  if (!postgresUrl) return;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

beforeAll(() => adminQuery(`create database ${database}`));

afterAll(async () => {
  await adminQuery(`drop database if exists ${database} with (force)`);
  const url = new URL(inject('redisUrl'));
  const queue = new Queue('deliver', {
    connection: { host: url.hostname, port: Number(url.port || 6379) },
    prefix,
  });
  await queue.obliterate({ force: true });
  await queue.close();
  // `deliveries retry` opens every queue: their meta keys too.
  await deleteTestKeys(inject('redisUrl'), prefix);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('raqib deliveries', () => {
  it('lists failed and paused deliveries and re-queues them', { timeout: 120_000 }, async () => {
    const db = await openDb({ databaseUrl, dataDir });
    const repo = createDeliveriesRepo(db);
    const failed = await repo.ensure('story-a', 'alerts');
    await repo.claim(failed.id, 'w', 1000);
    await repo.release(failed.id, 'w', { state: 'failed', error: '503 Service Unavailable' });
    const paused = await repo.ensure('story-b', 'ops');
    await repo.claim(paused.id, 'w', 1000);
    await repo.pauseChannel('ops', '403 Missing Permissions (code 50013)');
    await repo.release(paused.id, 'w', { state: 'paused', error: '403 Missing Permissions (code 50013)' });
    await repo.ensure('story-c', 'alerts');
    await db.close();

    const list = await cli('list');
    expect(list.stdout).toContain('PAUSED ops');
    expect(list.stdout).toMatch(/failed\s+alerts\s+story-a.*503/);
    expect(list.stdout).toMatch(/paused\s+ops\s+story-b/);
    expect(list.stdout).not.toContain('story-c');
    const json = JSON.parse((await cli('list', '--state', 'all', '--json')).stdout) as {
      deliveries: unknown[];
    };
    expect(json.deliveries).toHaveLength(3);

    await expect(cli('retry')).rejects.toThrow(/give delivery ids/);
    const retried = JSON.parse((await cli('retry', '--all', '--json')).stdout) as { requeued: string[] };
    expect(retried.requeued.sort()).toEqual([failed.id, paused.id].sort());
    const after = JSON.parse((await cli('list', '--json')).stdout) as {
      pauses: unknown[];
      deliveries: unknown[];
    };
    expect(after).toMatchObject({ pauses: [], deliveries: [] });

    const url = new URL(inject('redisUrl'));
    const queue = new Queue('deliver', {
      connection: { host: url.hostname, port: Number(url.port || 6379) },
      prefix,
    });
    const jobs = await queue.getJobs(['waiting']);
    await queue.close();
    expect(
      jobs.map((j) => j.data).sort((a, b) => String(a.storyId).localeCompare(String(b.storyId))),
    ).toEqual([
      { storyId: 'story-a', channelId: 'alerts' },
      { storyId: 'story-b', channelId: 'ops' },
    ]);
  });
});
