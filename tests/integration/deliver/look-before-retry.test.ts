/**
 * Exactly-once without trusting Discord's nonce window: after an uncertain post (created, then the answer lost:
 * 5xx after commit, a dropped connection, a timeout), a retry that comes after the nonce window ends must find
 * the first message instead of posting a second one — on bot channels (nonce + lookup) and on webhook channels
 * (no nonce at all; lookup through the webhook's channel). The same cases with the lookup switched off (the logic
 * of the previous release) double, which shows each case can fail.
 */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import { deliverAlert, type DeliverAlertDeps } from '../../../src/deliver/deliver-alert.js';
import { createDiscordSender, type DiscordSender } from '../../../src/deliver/discord/discord-sender.js';
import type { AlertView } from '../../../src/deliver/discord/format-alert.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { createDeliveriesRepo } from '../../../src/store/deliveries-repo.js';
import { startFakeDiscord, type FailureRule, type FakeDiscord } from '../../helpers/fake-discord.js';

const logger = pino({ level: 'silent' });
const NONCE_WINDOW_MS = 150;
const base = {
  subscription: { topics: ['*'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  digest: null,
  username: null,
  followUpThread: false,
};
const bot: ChannelConfig = { ...base, id: 'bot', destination: { kind: 'channel', channelId: '100000001' } };
const hook: ChannelConfig = {
  ...base,
  id: 'hook',
  destination: { kind: 'webhook', webhookId: '200000001', webhookToken: 'hook-token-abcdef', threadId: null },
};
const channelOf = (c: ChannelConfig) =>
  c.destination.kind === 'channel' ? c.destination.channelId : 'webhook-channel-200000001';

const headlines = [
  'عاجل: انسحاب القوات الأمريكية من قاعدة عين الأسد',
  'US-led coalition hands over Harir base to Kurdish forces',
  'التحالف الدولي يسلّم قاعدة فكتوريا إلى الجيش العراقي',
];
function viewFor(storyId: string, headline: string): AlertView {
  return {
    storyId,
    headline,
    lang: /[\u0600-\u06ff]/.test(headline) ? 'ar' : 'en',
    url: `https://example.com/news/${storyId}`,
    outlet: 'Shafaq',
    publishedAt: '2025-09-01T10:00:00Z',
    lead: null,
    imageUrl: null,
    score: 0.9,
    reasons: ['place: Ain al-Asad'],
    alsoReportedBy: [],
    updated: false,
  };
}

/** The ways a created message's answer gets lost. */
const uncertain: Record<string, (route: string) => FailureRule> = {
  '500 after commit': (route) => ({ status: 500, afterCommit: true, match: (r) => r.route === route }),
  '502 after commit': (route) => ({ status: 502, afterCommit: true, match: (r) => r.route === route }),
  'dropped answer': (route) => ({ drop: true, match: (r) => r.route === route }),
};
const postRoute = (c: ChannelConfig) =>
  c.destination.kind === 'channel' ? 'POST /channels/:id/messages' : 'POST /webhooks/:id/:token';

let db: Db;
let repo: ReturnType<typeof createDeliveriesRepo>;
let fake: FakeDiscord;
let sender: DiscordSender;
let views: Map<string, AlertView>;
let deps: DeliverAlertDeps;
let story = 0;

beforeAll(async () => {
  db = await openDb({ dataDir: 'memory://' });
  repo = createDeliveriesRepo(db);
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  fake = await startFakeDiscord({ botToken: 'BOT', nonceWindowMs: NONCE_WINDOW_MS });
  sender = createDiscordSender({
    token: 'BOT',
    apiUrl: fake.apiUrl,
    logger,
    offset: 0,
    timeoutMs: 500,
    retries: 0,
  });
  views = new Map();
  deps = {
    deliveries: repo,
    sender,
    loadView: async (id) => views.get(id) ?? null,
    channels: new Map([bot, hook].map((c) => [c.id, c])),
    logger,
  };
});
afterEach(async () => {
  await sender.close();
  await fake.close();
});

/** Whether a posted message is the alert of `storyId` (its title link, with or without the delivery's marker). */
function isFor(message: { embeds?: unknown }, storyId: string): boolean {
  return new RegExp(`/news/${storyId}["#]`).test(JSON.stringify(message.embeds));
}

async function uncertainThenRetry(
  channel: ChannelConfig,
  rule: FailureRule,
  lookBeforeRetry: boolean,
  headline: string,
): Promise<{ messages: number; second: string }> {
  const storyId = `lbr${story++}`;
  views.set(storyId, viewFor(storyId, headline));
  fake.failNext(rule);
  const first = await deliverAlert({ storyId, channelId: channel.id }, { ...deps, lookBeforeRetry });
  expect(first.kind).toBe('retryable');
  // The retry comes after Discord's nonce window (backoff, 429 waits, a dead worker's claim).
  await new Promise((r) => setTimeout(r, NONCE_WINDOW_MS + 50));
  const second = await deliverAlert({ storyId, channelId: channel.id }, { ...deps, lookBeforeRetry });
  const messages = fake.messagesIn(channelOf(channel)).filter((m) => isFor(m, storyId)).length;
  return { messages, second: second.kind };
}

describe('look before retry', () => {
  for (const channel of [bot, hook]) {
    for (const [name, rule] of Object.entries(uncertain)) {
      it(`${channel.id} channel, ${name}: one message after a retry outside the nonce window`, async () => {
        for (const headline of headlines) {
          const after = await uncertainThenRetry(channel, rule(postRoute(channel)), true, headline);
          expect(after).toEqual({ messages: 1, second: 'posted' });
        }
        // The lookup is a GET of the channel's recent messages, never a second create.
        expect(fake.requests.filter((r) => r.route === postRoute(channel))).toHaveLength(headlines.length);
      });
      it(`${channel.id} channel, ${name}: the previous logic (no lookup) doubles`, async () => {
        const before = await uncertainThenRetry(channel, rule(postRoute(channel)), false, headlines[0]!);
        expect(before.messages).toBe(2);
      });
    }
  }

  it('posts when the failed try created nothing (5xx before commit), for bot and webhook channels', async () => {
    for (const channel of [bot, hook]) {
      for (const headline of headlines) {
        const result = await uncertainThenRetry(
          channel,
          { status: 503, match: (r) => r.route === postRoute(channel) },
          true,
          headline,
        );
        expect(result).toEqual({ messages: 1, second: 'posted' });
      }
    }
  });

  it('edits a found alert to the story as it is now when a later report came in after the lost answer', async () => {
    for (const channel of [bot, hook]) {
      const storyId = `later${story++}`;
      views.set(storyId, viewFor(storyId, headlines[1]!));
      fake.failNext({ drop: true, match: (r) => r.route === postRoute(channel) });
      expect((await deliverAlert({ storyId, channelId: channel.id }, deps)).kind).toBe('retryable');
      // Another outlet reports the story before the retry: the record's version goes up.
      await repo.markStoryChanged(storyId);
      const later = { outlet: 'Rudaw', url: `https://rudaw.example/news/${storyId}-later` };
      views.set(storyId, { ...viewFor(storyId, headlines[1]!), alsoReportedBy: [later] });
      await new Promise((r) => setTimeout(r, NONCE_WINDOW_MS + 50));
      expect((await deliverAlert({ storyId, channelId: channel.id }, deps)).kind).toBe('posted');
      const mine = fake.messagesIn(channelOf(channel)).filter((m) => isFor(m, storyId));
      expect(mine).toHaveLength(1);
      // The message found is the first try's (without the later report): it is edited, not left behind.
      expect(JSON.stringify(mine[0]!.embeds)).toContain('rudaw.example');
      const record = await repo.ensure(storyId, channel.id);
      expect(record.postedVersion).toBe(record.contentVersion);
      // Nothing further is due: a re-run edits nothing.
      expect((await deliverAlert({ storyId, channelId: channel.id }, deps)).kind).toBe('unchanged');
    }
  });

  it('does not mistake another delivery in the same channel for its own', async () => {
    // Story A's post is uncertain; story B (same outlet, same channel) posts in between; a user quotes A's footer.
    views.set('mixA', viewFor('mixA', headlines[0]!));
    views.set('mixB', viewFor('mixB', headlines[1]!));
    fake.failNext({ status: 500, match: (r) => r.route === 'POST /channels/:id/messages' });
    expect((await deliverAlert({ storyId: 'mixA', channelId: 'bot' }, deps)).kind).toBe('retryable');
    expect((await deliverAlert({ storyId: 'mixB', channelId: 'bot' }, deps)).kind).toBe('posted');
    await new Promise((r) => setTimeout(r, NONCE_WINDOW_MS + 50));
    expect(await deliverAlert({ storyId: 'mixA', channelId: 'bot' }, deps)).toMatchObject({ kind: 'posted' });
    const mine = fake.messagesIn('100000001').filter((m) => isFor(m, 'mixA'));
    expect(mine).toHaveLength(1);
  });
});

describe('claim lease', () => {
  it('is renewed while a slow post runs, so a second worker backs off instead of posting again', async () => {
    for (const [i, headline] of headlines.entries()) {
      const storyId = `lease${i}`;
      views.set(storyId, viewFor(storyId, headline));
      fake.setSlow(450); // longer than the lease (within the sender's 500 ms timeout): without the heartbeat the claim would lapse mid-post
      const leased = { ...deps, leaseMs: 200, heartbeatMs: 50 };
      const first = deliverAlert({ storyId, channelId: 'bot' }, leased);
      await new Promise((r) => setTimeout(r, 330));
      const second = await deliverAlert({ storyId, channelId: 'bot' }, leased);
      expect(second.kind).toBe('busy');
      fake.setSlow(0);
      expect((await first).kind).toBe('posted');
      const posts = fake.messagesIn('100000001').filter((m) => isFor(m, storyId));
      expect(posts).toHaveLength(1);
    }
  });

  it('of a dead worker lapses within one lease', async () => {
    views.set('dead1', viewFor('dead1', headlines[1]!));
    const record = await repo.ensure('dead1', 'bot');
    const claim = await repo.claim(record.id, 'dead-worker', 300);
    expect(claim.claimed).toBe(true);
    expect((await deliverAlert({ storyId: 'dead1', channelId: 'bot' }, deps)).kind).toBe('busy');
    await new Promise((r) => setTimeout(r, 400));
    expect((await deliverAlert({ storyId: 'dead1', channelId: 'bot' }, deps)).kind).toBe('posted');
  });
});
