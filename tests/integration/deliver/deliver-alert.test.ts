import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import { deliverAlert, type DeliverAlertDeps } from '../../../src/deliver/deliver-alert.js';
import { createDiscordSender, type DiscordSender } from '../../../src/deliver/discord/discord-sender.js';
import type { AlertView } from '../../../src/deliver/discord/format-alert.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { createDeliveriesRepo } from '../../../src/store/deliveries-repo.js';
import { discordLimitViolations, startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';

const logger = pino({ level: 'silent' });
const base = {
  subscription: { topics: ['*'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  digest: null,
  username: null,
};
const plain: ChannelConfig = {
  ...base,
  id: 'plain',
  followUpThread: false,
  destination: { kind: 'channel', channelId: '100000001' },
};
const threaded: ChannelConfig = {
  ...base,
  id: 'threaded',
  followUpThread: true,
  destination: { kind: 'channel', channelId: '100000002' },
};

function viewFor(storyId: string, extra: Partial<AlertView> = {}): AlertView {
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
    alsoReportedBy: [],
    updated: false,
    ...extra,
  };
}

let fake: FakeDiscord;
let sender: DiscordSender;
let db: Db;
let repo: ReturnType<typeof createDeliveriesRepo>;
let views: Map<string, AlertView>;
let deps: DeliverAlertDeps;

// One embedded database for the file (opening PGlite takes seconds); every test uses its own story ids.
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
    timeoutMs: 2000,
    retries: 0,
  });
  views = new Map();
  deps = {
    deliveries: repo,
    sender,
    loadView: async (id) => views.get(id) ?? null,
    channels: new Map([plain, threaded].map((c) => [c.id, c])),
    logger,
  };
});
afterEach(async () => {
  await sender.close();
  await fake.close();
});

describe('deliverAlert', () => {
  it('posts once, then edits in place when another outlet reports the story', async () => {
    views.set('s1', viewFor('s1'));
    const first = await deliverAlert({ storyId: 's1', channelId: 'plain' }, deps);
    expect(first.kind).toBe('posted');
    expect(await deliverAlert({ storyId: 's1', channelId: 'plain' }, deps)).toEqual({ kind: 'unchanged' });

    views.set(
      's1',
      viewFor('s1', { alsoReportedBy: [{ outlet: 'Euronews', url: 'https://euronews.example/x' }] }),
    );
    const changed = await repo.markStoryChanged('s1');
    expect(changed.map((r) => r.contentVersion)).toEqual([1]);
    const second = await deliverAlert({ storyId: 's1', channelId: 'plain' }, deps);
    expect(second.kind).toBe('edited');

    const messages = fake.messagesIn('100000001');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.edits).toBe(1);
    expect(JSON.stringify(messages[0]!.embeds).replace(/[\u2066-\u2069]/gu, '')).toContain(
      '[Euronews](https://euronews.example/x)',
    );
    expect(fake.requests.map((r) => r.route)).toEqual([
      'POST /channels/:id/messages',
      'PATCH /channels/:id/messages/:id',
    ]);
    for (const r of fake.requests) expect(discordLimitViolations(r.body)).toEqual([]);
  });

  it('does not post again after a crash between the post and the record', async () => {
    views.set('s2', viewFor('s2'));
    // The first worker posts, then dies before writing the record (its lease stays behind).
    const crashing: DiscordSender = {
      ...sender,
      post: async (...args) => {
        await sender.post(...args);
        throw new Error('killed');
      },
    };
    await expect(
      deliverAlert(
        { storyId: 's2', channelId: 'plain' },
        { ...deps, sender: crashing, leaseMs: 300, owner: 'dead' },
      ),
    ).rejects.toThrow('killed');
    const busy = await deliverAlert({ storyId: 's2', channelId: 'plain' }, deps);
    expect(busy.kind).toBe('busy');
    await new Promise((r) => setTimeout(r, 400));
    const rerun = await deliverAlert({ storyId: 's2', channelId: 'plain' }, deps);
    // The dead worker's try was uncertain: the rerun finds the message instead of posting again.
    expect(rerun).toMatchObject({ kind: 'posted', found: true });
    expect(fake.messagesIn('100000001')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.route === 'POST /channels/:id/messages')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.route === 'GET /channels/:id/messages')).toHaveLength(1);
  });

  it('pauses a refused channel, keeps its deliveries, and resumes them on retry', async () => {
    views.set('s3', viewFor('s3'));
    views.set('s4', viewFor('s4'));
    fake.breakChannel('100000001', 403);
    expect(await deliverAlert({ storyId: 's3', channelId: 'plain' }, deps)).toMatchObject({
      kind: 'channel-broken',
    });
    const requestsBefore = fake.requests.length;
    expect(await deliverAlert({ storyId: 's4', channelId: 'plain' }, deps)).toMatchObject({
      kind: 'channel-broken',
    });
    expect(fake.requests.length).toBe(requestsBefore); // nothing sent to a paused channel
    expect((await repo.listChannelPauses())[0]).toMatchObject({
      channelId: 'plain',
      reason: expect.stringContaining('403'),
    });
    expect((await repo.listDeliveries({ states: ['paused'] })).map((r) => r.storyId).sort()).toEqual([
      's3',
      's4',
    ]);

    fake.breakChannel('100000001', null);
    const reset = await repo.resetForRetry({ channelId: 'plain' });
    expect(reset).toHaveLength(2);
    expect(await repo.listChannelPauses()).toEqual([]);
    for (const r of reset) expect((await deliverAlert(r, deps)).kind).toBe('posted');
    expect(fake.messagesIn('100000001')).toHaveLength(2);
  });

  it('keeps a passing failure pending past the last attempt, fails only a refused payload, and a rate limit costs no attempt', async () => {
    views.set('s5', viewFor('s5'));
    fake.failNext({ status: 429, retryAfter: 5 });
    expect(await deliverAlert({ storyId: 's5', channelId: 'plain' }, deps)).toMatchObject({
      kind: 'rate-limited',
    });
    expect((await repo.ensure('s5', 'plain')).attempts).toBe(0);
    fake.failNext({ status: 503 });
    expect((await deliverAlert({ storyId: 's5', channelId: 'plain' }, deps)).kind).toBe('retryable');
    fake.failNext({ status: 503 });
    const last = await deliverAlert({ storyId: 's5', channelId: 'plain', finalAttempt: true }, deps);
    // A 503 is not the alert's fault: it waits (no attempt used) instead of becoming `failed`.
    expect(last.kind).toBe('waiting');
    expect(await repo.ensure('s5', 'plain')).toMatchObject({
      state: 'pending',
      attempts: 1, // the 429 and the last 503 were refunded
      lastError: expect.stringContaining('503'),
    });
    expect(await repo.listDeliveries({ states: ['failed'] })).toEqual([]);
    // Discord refusing the request itself (400) is permanent: `failed`, with the reason stored.
    fake.failNext({ status: 400, code: 50035 });
    views.set('s5b', viewFor('s5b'));
    expect((await deliverAlert({ storyId: 's5b', channelId: 'plain' }, deps)).kind).toBe('failed');
    const [failed] = await repo.listDeliveries({ states: ['failed'] });
    expect(failed).toMatchObject({ storyId: 's5b', attempts: 1, lastError: expect.stringContaining('400') });
  });

  it('opens a follow-up thread and posts later reports in it', async () => {
    views.set('s6', viewFor('s6'));
    expect((await deliverAlert({ storyId: 's6', channelId: 'threaded' }, deps)).kind).toBe('posted');
    const [alert] = fake.messagesIn('100000002');
    expect(fake.threads.get(alert!.id)).toBe('100000002');

    views.set('s6', viewFor('s6', { alsoReportedBy: [{ outlet: 'Rudaw', url: 'https://rudaw.example/1' }] }));
    await repo.markStoryChanged('s6');
    expect((await deliverAlert({ storyId: 's6', channelId: 'threaded' }, deps)).kind).toBe('edited');
    const inThread = fake.messagesIn(alert!.id);
    expect(inThread).toHaveLength(1);
    expect(inThread[0]!.content?.replace(/[\u2066-\u2069]/gu, '')).toContain(
      '[Rudaw](<https://rudaw.example/1>)',
    );
    // Re-running does not repeat the follow-up.
    expect((await deliverAlert({ storyId: 's6', channelId: 'threaded' }, deps)).kind).toBe('unchanged');
    expect(fake.messagesIn(alert!.id)).toHaveLength(1);
  });
});
