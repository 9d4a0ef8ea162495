/**
 * Outage survival and edits that change nothing. A Discord outage (every request 5xx, or every connection
 * dropped) opens the channel's circuit after a few failures: deliveries then wait without using attempts and send
 * nothing, one probe at a time retries with backoff, and when Discord answers the backlog is posted once each, in
 * the order the alerts were decided, the late ones marked "delayed". A refused payload is `failed` with its reason.
 */
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import {
  deliverAlert,
  type DeliverAlertDeps,
  type DeliveryOutcome,
} from '../../../src/deliver/deliver-alert.js';
import { createDiscordSender, type DiscordSender } from '../../../src/deliver/discord/discord-sender.js';
import type { AlertView } from '../../../src/deliver/discord/format-alert.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { createDeliveriesRepo } from '../../../src/store/deliveries-repo.js';
import { startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';

const logger = pino({ level: 'silent' });
const base = {
  subscription: { topics: ['*'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  digest: null,
  username: null,
  followUpThread: false,
};
const outage = { threshold: 3, probeBaseMs: 80, probeMaxMs: 320, backlogPaceMs: 5, delayedAfterMs: 400 };

function viewFor(storyId: string, extra: Partial<AlertView> = {}): AlertView {
  const arabic = Number(storyId.replace(/\D/g, '')) % 2 === 0;
  return {
    storyId,
    headline: arabic ? `انسحاب القوات من قاعدة ${storyId}` : `Coalition leaves base ${storyId}`,
    lang: arabic ? 'ar' : 'en',
    url: `https://example.com/news/${storyId}`,
    outlet: 'Rudaw',
    publishedAt: '2025-09-01T10:00:00Z',
    lead: null,
    imageUrl: null,
    score: 0.8,
    reasons: ['actor: coalition'],
    alsoReportedBy: [],
    updated: false,
    ...extra,
  };
}

let db: Db;
let repo: ReturnType<typeof createDeliveriesRepo>;
let fake: FakeDiscord;
let sender: DiscordSender;
let views: Map<string, AlertView>;
let deps: DeliverAlertDeps;
let channelSeq = 0;
let channel: ChannelConfig;

beforeAll(async () => {
  db = await openDb({ dataDir: 'memory://' });
  repo = createDeliveriesRepo(db);
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  fake = await startFakeDiscord({ botToken: 'BOT' });
  sender = createDiscordSender({
    token: 'BOT',
    apiUrl: fake.apiUrl,
    logger,
    offset: 0,
    timeoutMs: 500,
    retries: 0,
  });
  views = new Map();
  channelSeq++;
  channel = {
    ...base,
    id: `out${channelSeq}`,
    destination: { kind: 'channel', channelId: `30000000${channelSeq}` },
  };
  deps = {
    deliveries: repo,
    sender,
    loadView: async (id) => views.get(id) ?? null,
    channels: new Map([[channel.id, channel]]),
    logger,
    outage,
  };
});
afterEach(async () => {
  await sender.close();
  await fake.close();
});

/**
 * A small stand-in for the deliver queue: runs each job when due, re-schedules `waiting`/`rate-limited`/`busy`
 * by their delay (no attempt used) and `retryable` by a short backoff (an attempt used), until all are done.
 */
async function drain(
  storyIds: string[],
  until: number,
): Promise<Map<string, { attempts: number; waits: number }>> {
  const due = new Map(storyIds.map((id) => [id, Date.now()]));
  const stats = new Map(storyIds.map((id) => [id, { attempts: 0, waits: 0 }]));
  while (due.size > 0 && Date.now() < until) {
    const [storyId, at] = [...due].sort((a, b) => a[1] - b[1])[0]!;
    if (at > Date.now()) await new Promise((r) => setTimeout(r, at - Date.now()));
    const outcome: DeliveryOutcome = await deliverAlert({ storyId, channelId: channel.id }, deps);
    const s = stats.get(storyId)!;
    if (outcome.kind === 'waiting' || outcome.kind === 'rate-limited' || outcome.kind === 'busy') {
      s.waits++;
      due.set(storyId, Date.now() + outcome.retryAfterMs);
    } else if (outcome.kind === 'retryable') {
      s.attempts++;
      due.set(storyId, Date.now() + 30);
    } else due.delete(storyId);
  }
  return stats;
}

describe('outage circuit', () => {
  for (const mode of [503, 502, 'drop'] as const) {
    it(`an outage (${mode}) holds the backlog without attempts and posts it once, in order, after recovery`, async () => {
      const ids = Array.from({ length: 8 }, (_, i) => `o${channelSeq}-${i}`);
      for (const id of ids) {
        views.set(id, viewFor(id));
        await repo.ensure(id, channel.id); // decided in this order
        await new Promise((r) => setTimeout(r, 3));
      }
      fake.setOutage(mode);
      const recoverAt = Date.now() + 1200;
      setTimeout(() => fake.setOutage(null), 1200);
      const stats = await drain(ids, Date.now() + 10_000);
      expect(Date.now()).toBeGreaterThan(recoverAt);

      // Once each, in the order decided.
      const posted = fake.messagesIn(
        channel.destination.kind === 'channel' ? channel.destination.channelId : '',
      );
      const order = posted.map((m) => /\/news\/([^"]+)"/.exec(JSON.stringify(m.embeds))?.[1]);
      expect(order).toEqual(ids);
      // Only the first few failures used attempts; during the outage requests were probes, not a flood.
      const used = [...stats.values()].reduce((sum, s) => sum + s.attempts, 0);
      expect(used).toBeLessThanOrEqual(outage.threshold);
      const duringOutage = fake.requests.filter((r) => r.at < recoverAt).length;
      expect(duringOutage).toBeLessThanOrEqual(outage.threshold + 8);
      for (const id of ids) expect((await repo.ensure(id, channel.id)).state).toBe('posted');
      // They waited longer than DELIVERY_DELAYED_AFTER (400 ms here): each says so.
      for (const m of posted) expect(JSON.stringify(m.embeds)).toContain('Delayed');
    });
  }

  it('a message posted without waiting carries no delayed field, and a refused payload is failed with its reason', async () => {
    views.set('fresh1', viewFor('fresh1'));
    expect((await deliverAlert({ storyId: 'fresh1', channelId: channel.id }, deps)).kind).toBe('posted');
    expect(JSON.stringify(fake.messagesIn(`30000000${channelSeq}`)[0]!.embeds)).not.toContain('Delayed');
    views.set('bad1', viewFor('bad1'));
    fake.failNext({ status: 400, code: 50035 });
    expect(await deliverAlert({ storyId: 'bad1', channelId: channel.id }, deps)).toMatchObject({
      kind: 'failed',
    });
    expect(await repo.ensure('bad1', channel.id)).toMatchObject({
      state: 'failed',
      lastError: expect.stringContaining('400'),
    });
    // A refused payload says nothing about an outage: the circuit stays closed.
    expect((await repo.getCircuit(channel.id))?.openedAt ?? null).toBeNull();
  });
});

describe('edits that change nothing', () => {
  it('are not sent; a real change still is', async () => {
    for (const id of ['e2', 'e3']) {
      views.set(id, viewFor(id));
      expect((await deliverAlert({ storyId: id, channelId: channel.id }, deps)).kind).toBe('posted');
      // The story changes in the store (a duplicate report, a revision with the same text) five times.
      for (let i = 0; i < 5; i++) {
        await repo.markStoryChanged(id);
        expect(await deliverAlert({ storyId: id, channelId: channel.id }, deps)).toEqual({
          kind: 'unchanged',
        });
      }
      views.set(
        id,
        viewFor(id, { alsoReportedBy: [{ outlet: 'شفق نيوز', url: `https://shafaq.example/${id}` }] }),
      );
      await repo.markStoryChanged(id);
      expect((await deliverAlert({ storyId: id, channelId: channel.id }, deps)).kind).toBe('edited');
      await repo.markStoryChanged(id);
      expect((await deliverAlert({ storyId: id, channelId: channel.id }, deps)).kind).toBe('unchanged');
    }
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
    const record = await repo.ensure('e2', channel.id);
    expect(record.postedVersion).toBe(record.contentVersion);
  });
});
