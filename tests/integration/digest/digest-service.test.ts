/**
 * `raqib start` with the digest role, twice at once (two replicas) and then restarted, after the scheduled time
 * passed while raqib was down: the missed digest is posted once, marked late, and never again. Real PostgreSQL
 * (its own schema), real Redis, the fake Discord, the constructed fixture day.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv, type Env } from '../../../src/config/env.js';
import { startService, type RunningService } from '../../../src/app/start-service.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { createDigestsRepo } from '../../../src/store/digests-repo.js';
import { FIXTURE_DATE, insertFixtureDay } from '../../fixtures/digest/fixture-day.js';
import { startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';

const postgresUrl = inject('postgresUrl');
const redisUrl = inject('redisUrl');

describe.skipIf(!postgresUrl)('digest role of raqib start: replicas and restarts', () => {
  const schema = `digsvc_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const prefix = `digsvc-${randomUUID().slice(0, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), 'raqib-digest-service-'));
  let fake: FakeDiscord;
  let db: Db;
  let env: Env;
  const services: RunningService[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({ botToken: 'BOT' });
    db = await openDb({ databaseUrl: postgresUrl as string, schema });
    await insertFixtureDay(db);
    // Digests ran yesterday: today's 08:00 digest was missed while raqib was down.
    await db.query(
      `insert into digests (channel_id, digest_date, state, sent_at, window_start, window_end, message_ids)
       values ('svc', '2026-11-21', 'sent', '2026-11-21T05:00:00Z', '2026-11-20T05:00:00Z', '2026-11-21T05:00:00Z', '["1"]')`,
    );
    const channelsFile = join(dir, 'channels.yaml');
    writeFileSync(
      channelsFile,
      `channels:
  - id: svc
    discordChannelId: "920000001"
    topics: [iraq-drawdown]
    languages: [ar, en]
    digest: { time: "08:00", timeZone: Asia/Baghdad }
`,
    );
    const url = new URL(postgresUrl as string);
    url.searchParams.set('options', `-c search_path=${schema}`);
    env = loadEnv({
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      DATA_DIR: dir,
      CHANNELS_FILE: channelsFile,
      QUEUE_PREFIX: prefix,
      DISCORD_TOKEN: 'BOT',
      DISCORD_CHANNEL_IDS: '920000001',
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: 'silent',
    });
  });

  afterAll(async () => {
    for (const service of services) await service.stop().catch(() => undefined);
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await db?.query(`drop schema if exists ${schema} cascade`);
    await db?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (now: Date) => {
    const service = await startService(env, ['digest'], {
      now: () => now,
      logger: pino({ level: 'silent' }),
    });
    services.push(service);
    return service;
  };
  const stopAll = async () => {
    for (const service of services.splice(0)) await service.stop();
  };

  it('two replicas starting after the missed time post it once, late; a restart posts nothing', async () => {
    const repo = createDigestsRepo(db);
    const at = new Date('2026-11-22T06:00:00Z'); // 09:00 in Baghdad
    await Promise.all([start(at), start(at)]);
    const deadline = Date.now() + 20_000;
    while ((await repo.get('svc', FIXTURE_DATE))?.state !== 'sent' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const record = await repo.get('svc', FIXTURE_DATE);
    expect(record?.state).toBe('sent');
    expect(record?.late).toBe(true);
    expect(record?.messageIds.length).toBeGreaterThan(0);
    expect(fake.messagesIn('920000001').map((m) => m.id)).toEqual(record?.messageIds);
    await stopAll();

    // Restart five minutes later, twice: nothing more is posted, and there is still one schedule.
    const later = new Date('2026-11-22T06:05:00Z');
    await Promise.all([start(later), start(later)]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.messagesIn('920000001')).toHaveLength(record?.messageIds.length ?? -1);
    const redis = new URL(redisUrl);
    const queue = new Queue('digest', {
      connection: { host: redis.hostname, port: Number(redis.port || 6379) },
      prefix,
    });
    const schedulers = await queue.getJobSchedulers(0, -1);
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([
      ['digest-svc', '0 8 * * *', 'Asia/Baghdad'],
    ]);
    await queue.close();
    await stopAll();
  });
});
