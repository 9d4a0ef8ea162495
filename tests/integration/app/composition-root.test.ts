/**
 * The composition root as production runs it (startService with every role): one Discord REST client per token
 * for alerts, digests and operator notices, and malformed job payloads failing at once on every queue.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Job, Queue } from 'bullmq';
import type * as DiscordJs from 'discord.js';
import { ALL_ROLES, startService, type RunningService } from '../../../src/app/start-service.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const clients = vi.hoisted(() => ({ bot: 0, webhook: 0 }));
vi.mock('discord.js', async (importOriginal) => {
  const actual = await importOriginal<typeof DiscordJs>();
  class CountedClient extends actual.Client {
    constructor(...args: ConstructorParameters<typeof actual.Client>) {
      super(...args);
      clients.bot += 1;
    }
  }
  class CountedWebhookClient extends actual.WebhookClient {
    constructor(...args: ConstructorParameters<typeof actual.WebhookClient>) {
      super(...args);
      clients.webhook += 1;
    }
  }
  return { ...actual, Client: CountedClient, WebhookClient: CountedWebhookClient };
});

describe('composition root', () => {
  let t: TestRuntimeEnv;
  let service: RunningService;

  beforeAll(async () => {
    t = await createTestRuntimeEnv('app', inject('redisUrl'), inject('postgresUrl'), {
      DISCORD_TOKEN: 'BOT',
      DISCORD_CHANNEL_IDS: '100000001,100000002',
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      OPERATORS_CHANNEL_ID: '100000009',
      DIGEST_TIME: '08:00',
    });
    service = await startService(t.env, ALL_ROLES, { sources: [] });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await t?.cleanup();
  });

  it('builds one Discord REST client for the bot token, shared by alerts, digests and notices', () => {
    const { runtime } = service;
    expect(runtime.notifier).not.toBeNull();
    expect(runtime.alertSender).toBe(runtime.discord);
    expect(runtime.channels.map((c) => c.digest !== null)).toEqual([true, true]);
    expect(clients.bot).toBe(1);
    expect(clients.webhook).toBe(0);
  });

  it('fails a malformed job at once on every queue (no retries)', async () => {
    const { queues } = service.runtime;
    const malformed: Array<[string, Queue, Job]> = [];
    for (const [name, queue] of [
      ['crawl', queues.crawl],
      ['article', queues.article],
      ['deliver', queues.deliver],
      ['digest', queues.digest],
    ] as const) {
      for (const data of [{}, { sourceId: 42, storyId: '' }, 'not an object'])
        malformed.push([
          name,
          queue,
          await queue.add(name, data, { attempts: 5, backoff: { type: 'fixed', delay: 10 } }),
        ]);
    }
    const end = Date.now() + 20_000;
    for (const [name, queue, job] of malformed) {
      let state = await job.getState();
      while (state !== 'failed' && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
        state = await job.getState();
      }
      const done = await queue.getJob(job.id ?? '');
      expect(state, `${name} ${JSON.stringify(job.data)}`).toBe('failed');
      expect(done?.attemptsMade, name).toBe(1);
      expect(done?.failedReason, name).toMatch(/malformed|invalid/);
    }
  });
});
