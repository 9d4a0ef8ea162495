/**
 * Follow-up threads when Discord's answer is lost (issue 24, found by `npm run chaos`): the thread was created but
 * raqib never heard of it, or a follow-up was posted but its answer was lost and Discord's nonce window has passed.
 * Each later report is announced once, in the alert's one thread.
 */
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import { deliverAlert, type DeliverAlertDeps } from '../../../src/deliver/deliver-alert.js';
import { createDiscordSender, type DiscordSender } from '../../../src/deliver/discord/discord-sender.js';
import type { AlertView } from '../../../src/deliver/discord/format-alert.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { createDeliveriesRepo } from '../../../src/store/deliveries-repo.js';
import { startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';

const logger = pino({ level: 'silent' });
const threaded: ChannelConfig = {
  subscription: { topics: ['*'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  digest: null,
  username: null,
  id: 'threaded',
  followUpThread: true,
  destination: { kind: 'channel', channelId: '100000003' },
};
const THREAD_ROUTE = 'POST /channels/:id/messages/:id/threads';

function viewFor(storyId: string, reports: string[]): AlertView {
  return {
    storyId,
    headline: `خبر ${storyId} عن انسحاب القوات`,
    lang: 'ar',
    url: `https://example.com/${storyId}`,
    outlet: 'Shafaq',
    publishedAt: '2025-09-01T10:00:00Z',
    lead: null,
    imageUrl: null,
    score: 0.9,
    reasons: ['place: Ain al-Asad'],
    alsoReportedBy: reports.map((outlet, i) => ({ outlet, url: `https://r${i}.example/${storyId}` })),
    updated: false,
  };
}

let fake: FakeDiscord;
let sender: DiscordSender;
let db: Db;
let repo: ReturnType<typeof createDeliveriesRepo>;
let views: Map<string, AlertView>;
let deps: DeliverAlertDeps;

beforeAll(async () => {
  db = await openDb({ dataDir: 'memory://' });
  repo = createDeliveriesRepo(db);
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  // A nonce window of zero: a repeated nonce is never recognised (Discord's window is "a few minutes").
  fake = await startFakeDiscord({ botToken: 'BOT', nonceWindowMs: 0 });
  sender = createDiscordSender({
    ...{ token: 'BOT', apiUrl: fake.apiUrl, logger },
    ...{ offset: 0, timeoutMs: 2000, retries: 0 },
  });
  views = new Map();
  const channels = new Map([[threaded.id, threaded]]);
  deps = { deliveries: repo, sender, loadView: async (id) => views.get(id) ?? null, channels, logger };
});
afterEach(async () => {
  await sender.close();
  await fake.close();
});

async function update(storyId: string, reports: string[]) {
  views.set(storyId, viewFor(storyId, reports));
  await repo.markStoryChanged(storyId);
  return deliverAlert({ storyId, channelId: threaded.id }, deps);
}

describe('follow-up threads after a lost answer', () => {
  it('uses the thread Discord created when the answer to opening it was lost', async () => {
    views.set('t1', viewFor('t1', []));
    // The thread is created, the answer is a 500.
    fake.failNext({ match: (r) => r.route === THREAD_ROUTE, status: 500, afterCommit: true });
    expect((await deliverAlert({ storyId: 't1', channelId: threaded.id }, deps)).kind).toBe('posted');
    const [alert] = fake.messagesIn('100000003');
    expect(fake.threads.has(alert!.id)).toBe(true);

    // The next change finds the thread (reports known by then are in the edited alert itself) ...
    await update('t1', ['Rudaw']);
    const record = (await repo.listDeliveries({ channelId: threaded.id })).find((r) => r.storyId === 't1');
    expect(record).toMatchObject({ threadId: alert!.id, threadPostedCount: 1 });
    // ... and later reports are announced in it.
    await update('t1', ['Rudaw', 'Kurdistan24']);
    const inThread = fake.messagesIn(alert!.id);
    expect(inThread).toHaveLength(1);
    expect(inThread[0]!.content).toContain('https://r1.example/t1');
  });

  it('does not announce a report twice when the follow-up was posted and its answer lost', async () => {
    views.set('t2', viewFor('t2', []));
    expect((await deliverAlert({ storyId: 't2', channelId: threaded.id }, deps)).kind).toBe('posted');
    const [alert] = fake.messagesIn('100000003');
    // The follow-up is created, its answer dropped.
    fake.failNext({ match: (r) => r.route === 'POST /channels/:id/messages', drop: true });
    await update('t2', ['Rudaw']);
    expect(fake.messagesIn(alert!.id)).toHaveLength(1);
    // The next change of the story (another outlet) announces only the new report.
    await update('t2', ['Rudaw', 'Kurdistan24']);
    const inThread = fake.messagesIn(alert!.id);
    expect(inThread.map((m) => m.content.includes('https://r0.example/t2'))).toEqual([true, false]);
    expect(inThread[1]!.content).toContain('https://r1.example/t2');
  });

  it('posts a follow-up again when the failed try created nothing', async () => {
    views.set('t3', viewFor('t3', []));
    expect((await deliverAlert({ storyId: 't3', channelId: threaded.id }, deps)).kind).toBe('posted');
    const [alert] = fake.messagesIn('100000003');
    fake.failNext({ match: (r) => r.route === 'POST /channels/:id/messages', status: 500 });
    await update('t3', ['Rudaw']);
    expect(fake.messagesIn(alert!.id)).toHaveLength(0);
    await update('t3', ['Rudaw', 'Kurdistan24']);
    const [only, ...rest] = fake.messagesIn(alert!.id);
    expect(rest).toHaveLength(0);
    expect(only!.content).toContain('https://r0.example/t3');
    expect(only!.content).toContain('https://r1.example/t3');
  });
});

describe('a slow answer past the client timeout', () => {
  it('is not posted again in process (the message exists; the queue retry looks first)', async () => {
    const slowSender = createDiscordSender({
      ...{ token: 'BOT', apiUrl: fake.apiUrl, logger },
      ...{ offset: 0, timeoutMs: 500, retries: 1 },
    });
    try {
      // Every answer 1.5 s late: the message is created at once, the client times out first.
      fake.setChaos({ p429: 0, p500: 0, pSlow: 1, slowMs: [1500, 1500] });
      views.set('t4', viewFor('t4', []));
      const outcome = await deliverAlert(
        { storyId: 't4', channelId: threaded.id },
        { ...deps, sender: slowSender },
      );
      expect(outcome.kind).toBe('retryable');
      fake.setChaos(null);
      expect(fake.messagesIn('100000003')).toHaveLength(1);
      // The queue's retry finds it instead of posting again.
      const again = await deliverAlert(
        { storyId: 't4', channelId: threaded.id },
        { ...deps, sender: slowSender },
      );
      expect(again).toMatchObject({ kind: 'posted', found: true });
      expect(fake.messagesIn('100000003')).toHaveLength(1);
    } finally {
      await slowSender.close();
    }
  });
});
