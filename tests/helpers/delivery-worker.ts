/**
 * A delivery worker as its own process, for tests that kill workers: `tsx tests/helpers/delivery-worker.ts '<json>'`.
 * It builds a BullMQ Worker with the real delivery processor, the real store on PostgreSQL and the real sender
 * against the fake Discord. Alert views are synthesised from the story id (with hostile text in them).
 */
import { Worker } from 'bullmq';
import pino from 'pino';
import type { ChannelConfig } from '../../src/config/channels.js';
import { createDeliveryBackoff, createDeliveryProcessor } from '../../src/deliver/delivery-processor.js';
import { createDiscordSender } from '../../src/deliver/discord/discord-sender.js';
import { openDb } from '../../src/store/db.js';
import { createDeliveriesRepo } from '../../src/store/deliveries-repo.js';

export interface DeliveryWorkerConfig {
  redisUrl: string;
  prefix: string;
  queueName: string;
  databaseUrl: string;
  schema: string;
  apiUrl: string;
  botToken: string;
  channels: ChannelConfig[];
  concurrency: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as DeliveryWorkerConfig;
const logger = pino({ level: 'warn' });
const db = await openDb({ databaseUrl: config.databaseUrl, schema: config.schema });
const sender = createDiscordSender({
  token: config.botToken,
  apiUrl: config.apiUrl,
  logger,
  offset: 0,
  timeoutMs: 3000,
  retries: 0,
  maxInProcessWaitMs: 100,
  // The fake is not Discord: lift discord.js's 50 requests/s so the test measures delivery, not that cap.
  globalRequestsPerSecond: 1000,
});
const backoff = createDeliveryBackoff({ baseMs: 50, maxMs: 1000 });
// eslint-disable-next-line prefer-const -- assigned after the processor that reads it is built
let worker: Worker | undefined;
const processor = createDeliveryProcessor({
  deliveries: createDeliveriesRepo(db),
  sender,
  channels: new Map(config.channels.map((c) => [c.id, c])),
  logger,
  leaseMs: 4000,
  getWorker: () => worker,
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
});
const url = new URL(config.redisUrl);
worker = new Worker(config.queueName, processor, {
  connection: { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null },
  prefix: config.prefix,
  concurrency: config.concurrency,
  lockDuration: 3000,
  stalledInterval: 1000,
  maxStalledCount: 50,
  settings: { backoffStrategy: backoff },
});
worker.on('error', (error) => logger.warn({ err: error.message }, 'worker error'));
process.stdout.write('ready\n');
