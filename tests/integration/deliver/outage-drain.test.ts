/**
 * The backlog of a Discord outage through the production delivery processor on a real BullMQ queue (four jobs at
 * a time): when Discord answers again, the backlog is posted once each, in the order the alerts were decided, and
 * promptly — also when draining it takes longer than the policy's `drainMs` (each post holds the newer ones back
 * while the drain progresses) and the jobs' own timers lie far ahead (the probe's hold): each post wakes the next.
 * Before this, order held only for `drainMs` after the circuit closed (the chaos run's 600 s outage: 206–233 of 346
 * per channel out of order) and the drain waited for the timers set while the circuit was open.
 */
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import {
  createDeliveryProcessor,
  createDeliveryWorkerSettings,
  deliveryJobId,
  deliveryJobName,
  deliveryJobOptions,
} from '../../../src/deliver/delivery-processor.js';
import { createDiscordSender, type DiscordSender } from '../../../src/deliver/discord/discord-sender.js';
import type { AlertView } from '../../../src/deliver/discord/format-alert.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { createDeliveriesRepo } from '../../../src/store/deliveries-repo.js';
import { startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';
import { deleteTestKeys } from '../../helpers/redis-keys.js';

const redisUrl = inject('redisUrl');
const logger = pino({ level: 'silent' });
const BACKLOG = 16;
// Probe hold 15 s (the jobs' timers while the circuit is open), drain window 2 s: both far from what a prompt,
// ordered drain needs. Each answer of the fake is 30 ms late, so the drain outlasts `drainMs`.
const outage = {
  threshold: 2,
  probeBaseMs: 150,
  probeMaxMs: 15_000,
  backlogPaceMs: 20,
  delayedAfterMs: null,
  drainMs: 2000,
};
const channel: ChannelConfig = {
  id: 'drain1',
  destination: { kind: 'channel', channelId: '300000001' },
  subscription: { topics: ['*'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  digest: null,
  username: null,
  followUpThread: false,
};

function viewFor(storyId: string): AlertView {
  return {
    storyId,
    headline: `Coalition leaves base ${storyId}`,
    lang: 'en',
    url: `https://example.com/news/${storyId}`,
    outlet: 'Rudaw',
    publishedAt: '2025-09-01T10:00:00Z',
    lead: null,
    imageUrl: null,
    score: 0.8,
    reasons: ['actor: coalition'],
    alsoReportedBy: [],
    updated: false,
  };
}

describe('outage backlog drain on the deliver queue', () => {
  const prefix = `test-${randomUUID()}`;
  const queueName = `drain-${randomUUID().slice(0, 8)}`;
  let db: Db;
  let fake: FakeDiscord;
  let sender: DiscordSender;
  let queue: Queue;
  let worker: Worker | undefined;

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    fake = await startFakeDiscord({ botToken: 'BOT' });
    sender = createDiscordSender({
      token: 'BOT',
      apiUrl: fake.apiUrl,
      logger,
      offset: 0,
      timeoutMs: 2000,
      retries: 0,
    });
    const url = new URL(redisUrl);
    queue = new Queue(queueName, {
      connection: { host: url.hostname, port: Number(url.port || 6379) },
      prefix,
    });
  });
  afterAll(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await deleteTestKeys(redisUrl, prefix);
    await sender?.close();
    await fake?.close();
    await db?.close();
  });

  it('posts the backlog once each, in decision order, promptly after Discord is back', async () => {
    const repo = createDeliveriesRepo(db);
    const ids = Array.from({ length: BACKLOG }, (_, i) => `d${String(i).padStart(2, '0')}`);
    const views = new Map(ids.map((id) => [id, viewFor(id)]));
    fake.setOutage(503);
    for (const id of ids) {
      await repo.ensure(id, channel.id); // decided in this order
      await new Promise((r) => setTimeout(r, 3));
    }
    const url = new URL(redisUrl);
    const processor = createDeliveryProcessor({
      deliveries: repo,
      sender,
      loadView: async (id) => views.get(id) ?? null,
      channels: new Map([[channel.id, channel]]),
      logger,
      outage,
      getWorker: () => worker,
    });
    worker = new Worker(queueName, (job, token) => processor(job, token), {
      ...createDeliveryWorkerSettings({ baseMs: 20, maxMs: 100 }),
      connection: { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null },
      prefix,
      concurrency: 4,
    });
    await queue.addBulk(
      ids.map((storyId) => ({
        name: deliveryJobName,
        data: { storyId, channelId: channel.id },
        opts: { ...deliveryJobOptions, jobId: deliveryJobId(storyId, channel.id) },
      })),
    );
    // The outage lasts until the circuit is open and every job waits for it.
    const until = async (check: () => Promise<boolean>, ms: number) => {
      const end = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > end) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(async () => (await repo.getCircuit(channel.id))?.openedAt != null, 10_000);
    await until(async () => (await queue.getDelayedCount()) === BACKLOG, 10_000);
    await new Promise((r) => setTimeout(r, 700)); // a few failed probes: the hold grows
    fake.setChaos({ p429: 0, p500: 0, pSlow: 1, slowMs: [30, 30] });
    fake.setOutage(null);
    const backAt = Date.now();
    const posted = () => fake.messagesIn('300000001');
    await until(async () => posted().length >= BACKLOG, 20_000);
    const times = posted().map((m) => m.createdAt);
    const firstAfterMs = Math.min(...times) - backAt;
    const drainMs = Math.max(...times) - Math.min(...times);
    fake.setChaos(null);

    const order = posted()
      .sort((a, b) => a.createdAt - b.createdAt || Number(BigInt(a.id) - BigInt(b.id)))
      .map((m) => /\/news\/([^"#]+)["#]/.exec(JSON.stringify(m.embeds))?.[1]);
    expect(order).toEqual(ids);
    // The first post is the probe (within its backoff), then one post after another (30 ms answers plus a
    // few queries each): far less than the 15 s the jobs' timers lay ahead.
    expect(firstAfterMs).toBeLessThanOrEqual(outage.probeMaxMs + 500);
    expect(drainMs).toBeLessThan(outage.probeMaxMs / 2);
    // Each recorded posted once its answer is in.
    await until(async () => {
      const states = await Promise.all(ids.map(async (id) => (await repo.ensure(id, channel.id)).state));
      return states.every((s) => s === 'posted');
    }, 5000);
    expect(fake.messagesIn('300000001')).toHaveLength(BACKLOG);
  });
});
