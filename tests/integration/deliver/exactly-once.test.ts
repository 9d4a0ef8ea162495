/**
 * 1,000 alerts to 3 channels through the production worker table (tests/helpers/delivery-worker.ts) in child processes, while the fake Discord answers
 * ~20% of writes with 429 or 500 (half of the 500s after creating the message) and two workers are killed
 * with SIGKILL mid-run: every alert must arrive exactly once per channel, within Discord's limits, never
 * pinging anything the channel did not configure.
 */
import { deleteTestKeys } from '../../helpers/redis-keys.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import { deliveryJobId, deliveryJobName } from '../../../src/deliver/delivery-processor.js';
import { QUEUE_NAMES } from '../../../src/queues/job-schemas.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { discordLimitViolations, startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';
import type { DeliveryWorkerConfig } from '../../helpers/delivery-worker.js';

const postgresUrl = inject('postgresUrl');
const redisUrl = inject('redisUrl');
const STORIES = 1000;
const base = {
  subscription: { topics: ['*'], minScore: 0, languages: null, sources: null },
  followUpThread: false,
  digest: null,
  username: null,
};
const channels: ChannelConfig[] = [
  { ...base, id: 'c1', mentionRole: null, destination: { kind: 'channel', channelId: '100000001' } },
  {
    ...base,
    id: 'c2',
    mentionRole: { roleId: '777777777', minScore: 0.95 },
    destination: { kind: 'channel', channelId: '100000002' },
  },
  { ...base, id: 'c3', mentionRole: null, destination: { kind: 'channel', channelId: '100000003' } },
];

describe.skipIf(!postgresUrl)('exactly-once delivery under failures and SIGKILL', () => {
  const schema = `dlv_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const prefix = `test-${randomUUID()}`;
  // The production deliver queue: the child processes run the real worker table against it.
  const queueName = QUEUE_NAMES.deliver;
  let fake: FakeDiscord;
  let db: Db;
  let queue: Queue;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    fake = await startFakeDiscord({ botToken: 'BOT' });
    db = await openDb({ databaseUrl: postgresUrl as string, schema });
    const url = new URL(redisUrl);
    queue = new Queue(queueName, {
      connection: { host: url.hostname, port: Number(url.port || 6379) },
      prefix,
    });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    // The child workers run the whole worker table, so the other queues' keys are under the prefix too.
    await deleteTestKeys(redisUrl, prefix);
    await db?.query(`drop schema if exists ${schema} cascade`);
    await db?.close();
    await fake?.close();
  });

  function startWorker(): Promise<ChildProcess> {
    const config: DeliveryWorkerConfig = {
      redisUrl,
      prefix,
      databaseUrl: postgresUrl as string,
      schema,
      apiUrl: fake.apiUrl,
      botToken: 'BOT',
      channels,
    };
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/helpers/delivery-worker.ts', JSON.stringify(config)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.add(child);
    child.on('exit', () => children.delete(child));
    return new Promise((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve(child);
      });
      child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    });
  }

  const posted = () =>
    fake.requests.filter((r) => r.route === 'POST /channels/:id/messages' && r.status === 200).length;
  async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    let lastLog = Date.now();
    while (!(await check())) {
      if (process.env.DEBUG_DELIVERY && Date.now() - lastLog > 2000) {
        lastLog = Date.now();
        console.error('progress', posted(), fake.requests.length, JSON.stringify(await queue.getJobCounts()));
      }
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('delivers every alert exactly once per channel', { timeout: 300_000 }, async () => {
    if (process.env.DEBUG_NO_CHAOS === undefined)
      fake.setChaos({ p429: 0.1, p500: 0.1, retryAfter: [0.02, 0.05, 0.05, 0.3], pGlobal: 0.1 });
    const jobs = [];
    for (let i = 0; i < STORIES; i++) {
      for (const channel of channels) {
        const storyId = `s${i}`;
        jobs.push({
          name: deliveryJobName,
          data: { storyId, channelId: channel.id },
          opts: {
            jobId: deliveryJobId(storyId, channel.id),
            attempts: 25,
            backoff: { type: 'raqib-delivery' },
          },
        });
      }
    }
    await queue.addBulk(jobs);
    const started = Date.now();
    const first = await startWorker();
    await startWorker();
    await waitFor(() => posted() >= 600, 40_000);
    first.kill('SIGKILL');
    const third = await startWorker();
    await waitFor(() => posted() >= 1800, 40_000);
    third.kill('SIGKILL');
    await startWorker();
    await waitFor(async () => {
      const { rows } = await db.query<{ n: string }>(
        `select count(*) as n from deliveries where state = 'posted'`,
      );
      return Number(rows[0]?.n) === STORIES * channels.length;
    }, 120_000);
    const seconds = (Date.now() - started) / 1000;

    const counts = await queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
    console.log(
      `exactly-once: ${STORIES * channels.length} deliveries in ${seconds.toFixed(1)} s; ${fake.requests.length} requests, ` +
        `${fake.requests.filter((r) => r.status === 429).length} × 429, ${fake.requests.filter((r) => r.status >= 500).length} × 5xx; ` +
        `jobs ${JSON.stringify(counts)}`,
    );
    for (const channel of channels) {
      const id = (channel.destination as { channelId: string }).channelId;
      const perStory = new Map<string, number>();
      for (const message of fake.messagesIn(id)) {
        const story = /example\.com\/news\/(s\d+)/.exec(JSON.stringify(message.embeds))?.[1] ?? '?';
        perStory.set(story, (perStory.get(story) ?? 0) + 1);
      }
      expect(perStory.size, channel.id).toBe(STORIES);
      expect(
        [...perStory.values()].every((n) => n === 1),
        channel.id,
      ).toBe(true);
    }
    const byChannelId = new Map(channels.map((c) => [(c.destination as { channelId: string }).channelId, c]));
    // Message creates (the lookups after an uncertain post are GETs without a body).
    for (const request of fake.requests.filter((r) => r.method === 'POST')) {
      const channel = byChannelId.get(request.path.split('/')[2] ?? '');
      const roles = channel?.mentionRole ? [channel.mentionRole.roleId] : [];
      expect(discordLimitViolations(request.body, roles), request.path).toEqual([]);
      expect((request.body as { nonce?: string }).nonce).toBeTruthy();
    }
    const pinged = fake.messagesIn('100000002').filter((m) => m.content === '<@&777777777>').length;
    expect(pinged).toBe(STORIES / 10);
  });
});
