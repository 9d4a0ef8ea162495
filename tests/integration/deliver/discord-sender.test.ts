import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import { createDiscordSender, type DiscordSender } from '../../../src/deliver/discord/discord-sender.js';
import type { DiscordMessagePayload } from '../../../src/deliver/discord/discord-payload.js';
import { startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';

const logger = pino({ level: 'silent' });
const base = {
  subscription: { topics: ['*'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  followUpThread: false,
  digest: null,
  username: null,
};
const bot: ChannelConfig = { ...base, id: 'bot', destination: { kind: 'channel', channelId: '100000001' } };
const hook: ChannelConfig = {
  ...base,
  id: 'hook',
  destination: {
    kind: 'webhook',
    webhookId: '200000002',
    webhookToken: 'secret-webhook-token',
    threadId: null,
  },
};
const forum: ChannelConfig = {
  ...base,
  id: 'forum',
  destination: { kind: 'forum', forumChannelId: '300000003' },
};
const payload: DiscordMessagePayload = { embeds: [{ title: 'hello' }], allowed_mentions: { parse: [] } };

let fake: FakeDiscord;
let sender: DiscordSender;

beforeEach(async () => {
  fake = await startFakeDiscord({ botToken: 'BOT' });
  sender = createDiscordSender({ token: 'BOT', apiUrl: fake.apiUrl, logger, offset: 0, timeoutMs: 2000 });
});
afterEach(async () => {
  await sender.close();
  await fake.close();
});

describe('discord sender against the fake Discord', () => {
  it('posts to a bot channel with nonce, enforce_nonce and empty allowed_mentions; a repeat returns the same message', async () => {
    const first = await sender.post(bot, payload, 'nonce-1');
    const second = await sender.post(bot, payload, 'nonce-1');
    expect(first).toEqual(second);
    expect(fake.messagesIn('100000001')).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.route).toBe('POST /channels/:id/messages');
    expect(req.authorization).toBe('Bot BOT');
    expect(req.body).toMatchObject({
      nonce: 'nonce-1',
      enforce_nonce: true,
      allowed_mentions: { parse: [] },
    });
  });

  it('posts and edits through a webhook with ?wait=true and no bot token', async () => {
    const posted = await sender.post(hook, { ...payload, content: '@everyone hi' }, 'n');
    expect(posted.ok).toBe(true);
    if (!posted.ok) return;
    const edited = await sender.edit(hook, posted.value, { ...payload, embeds: [{ title: 'changed' }] });
    expect(edited.ok).toBe(true);
    const [post, patch] = fake.requests;
    expect(post).toMatchObject({
      route: 'POST /webhooks/:id/:token',
      query: { wait: 'true' },
      authorization: null,
    });
    expect(post!.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(patch!.route).toBe('PATCH /webhooks/:id/:token/messages/:id');
    expect(patch!.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(fake.messages.get(posted.value.messageId)?.embeds).toEqual([{ title: 'changed' }]);
  });

  it('creates a forum post as a thread', async () => {
    const posted = await sender.post(forum, payload, 'n', { threadName: 'Title' });
    expect(posted.ok && fake.threads.get(posted.value.messageChannelId)).toBe('300000003');
  });

  it('returns rate-limited with the server delay for long 429s and waits in process for short ones', async () => {
    fake.failNext({ status: 429, retryAfter: 3 });
    const limited = await sender.post(bot, payload, 'a');
    expect(limited).toMatchObject({ ok: false, failure: { kind: 'rate-limited' } });
    if (!limited.ok && limited.failure.kind === 'rate-limited') {
      expect(limited.failure.retryAfterMs).toBeGreaterThanOrEqual(3000);
    }
    expect(fake.messagesIn('100000001')).toHaveLength(0);

    fake.failNext({ status: 429, retryAfter: 0.1, global: true });
    const waited = await sender.post(bot, payload, 'b');
    expect(waited.ok).toBe(true);
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('maps 5xx to retryable, 403/404 to channel-broken and a deleted message to message-missing', async () => {
    // One try: message creation is never repeated in process (the queue's retry looks for the message first).
    fake.failNext({ status: 500, times: 1 });
    expect(await sender.post(bot, payload, 'c')).toMatchObject({ ok: false, failure: { kind: 'retryable' } });
    expect(fake.requests.filter((r) => r.status === 500)).toHaveLength(1);

    fake.breakChannel('100000001', 403);
    const broken = await sender.post(bot, payload, 'd');
    expect(broken).toMatchObject({ ok: false, failure: { kind: 'channel-broken' } });
    if (!broken.ok) expect(broken.failure).toMatchObject({ reason: expect.stringContaining('50013') });
    fake.breakChannel('100000001', null);

    fake.breakChannel('200000002', 404);
    expect(await sender.checkChannel(hook)).toMatchObject({ ok: false, failure: { kind: 'channel-broken' } });
    const brokenHook = await sender.post(hook, payload, 'e');
    expect(JSON.stringify(brokenHook)).not.toContain('secret-webhook-token');

    const gone = await sender.edit(bot, { messageId: '999999999', messageChannelId: '100000001' }, payload);
    expect(gone).toMatchObject({ ok: false, failure: { kind: 'message-missing' } });
    expect(await sender.checkChannel(bot)).toEqual({ ok: true, value: undefined });
  });

  it('a post that timed out after Discord created it is not doubled by the retry', async () => {
    fake.setSlow(2500);
    const timedOut = await sender.post(bot, payload, 'slow-nonce');
    expect(timedOut).toMatchObject({ ok: false, failure: { kind: 'retryable' } });
    fake.setSlow(0);
    const retried = await sender.post(bot, payload, 'slow-nonce');
    expect(retried.ok).toBe(true);
    expect(fake.messagesIn('100000001')).toHaveLength(1);
  });
});
