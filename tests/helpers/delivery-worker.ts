/**
 * A delivery worker as its own process, for tests that kill workers: `tsx tests/helpers/delivery-worker.ts '<json>'`.
 * It runs the production wiring: the real runtime (createRuntime) and the deliver row of the worker table
 * (startWorkers: the worker edge, the documented retry settings, the process's one Discord sender) against the fake
 * Discord and the real store on PostgreSQL. Only the alert views are synthesised from the story id (with hostile text
 * in them), the sender's timeouts are shortened and the backoff scaled down so the test measures delivery, not waits.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime } from '../../src/app/runtime.js';
import { startWorkers } from '../../src/app/workers.js';
import type { ChannelConfig } from '../../src/config/channels.js';
import { loadEnv } from '../../src/config/env.js';

export interface DeliveryWorkerConfig {
  redisUrl: string;
  prefix: string;
  databaseUrl: string;
  schema: string;
  apiUrl: string;
  botToken: string;
  channels: ChannelConfig[];
}

const config = JSON.parse(process.argv[2] ?? '{}') as DeliveryWorkerConfig;
const databaseUrl = new URL(config.databaseUrl);
databaseUrl.searchParams.set('options', `-c search_path=${config.schema}`);
const env = loadEnv({
  REDIS_URL: config.redisUrl,
  DATABASE_URL: databaseUrl.toString(),
  DATA_DIR: mkdtempSync(join(tmpdir(), 'raqib-delivery-worker-')),
  QUEUE_PREFIX: config.prefix,
  LOG_LEVEL: 'error',
  DIGEST_TIME: 'off',
  DISCORD_TOKEN: config.botToken,
  DISCORD_CHANNEL_IDS: config.channels
    .map((c) => (c.destination as { channelId: string }).channelId)
    .join(','),
  DISCORD_API_URL: config.apiUrl,
  DELIVERY_LEASE_MS: '4000',
  WORKER_LOCK_MS: '3000',
});
const runtime = await createRuntime(env, {
  channels: config.channels,
  senderOptions: {
    offset: 0,
    timeoutMs: 3000,
    retries: 0,
    maxInProcessWaitMs: 100,
    // The fake is not Discord: lift discord.js's 50 requests/s so the test measures delivery, not that cap.
    globalRequestsPerSecond: 1000,
  },
  deliveryBackoff: { baseMs: 50, maxMs: 1000 },
});
startWorkers(runtime, ['deliver'], {
  deliver: {
    loadView: async (storyId) => ({
      storyId,
      headline: `عاجل: انسحاب القوات من قاعدة ${storyId} @everyone <@&999999999> **bold**`,
      lang: 'ar',
      url: `https://example.com/news/${storyId}`,
      outlet: 'Outlet <@123456789>',
      publishedAt: '2025-09-01T10:00:00Z',
      lead: `${'تفاصيل '.repeat(400)} @here`,
      imageUrl: null,
      score: Number(storyId.replace(/\D/g, '')) % 10 === 0 ? 0.99 : 0.8,
      reasons: ['place: Ain al-Asad', 'actor: coalition'],
      alsoReportedBy: [],
      updated: false,
    }),
  },
});
process.stdout.write('ready\n');
