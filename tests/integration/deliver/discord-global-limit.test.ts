/**
 * One process keeps to its global request rate (discord.js `globalRequestsPerSecond`, Discord's 50/s per bot)
 * across every kind of bot request: message creations used their own REST instance (creation is never repeated
 * in process) with its own per-second counter, so posts and edits together could reach twice the cap.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import type { DiscordMessagePayload } from '../../../src/deliver/discord/discord-payload.js';
import { createDiscordSender, type DiscordSender } from '../../../src/deliver/discord/discord-sender.js';
import { startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';

const PER_SECOND = 5;
const channel: ChannelConfig = {
  id: 'limit1',
  destination: { kind: 'channel', channelId: '400000001' },
  subscription: { topics: ['*'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  digest: null,
  username: null,
  followUpThread: false,
};

describe('global request rate of one sender', () => {
  let fake: FakeDiscord;
  let sender: DiscordSender;
  beforeAll(async () => {
    fake = await startFakeDiscord({ botToken: 'BOT' });
    sender = createDiscordSender({
      token: 'BOT',
      apiUrl: fake.apiUrl,
      logger: pino({ level: 'silent' }),
      offset: 0,
      globalRequestsPerSecond: PER_SECOND,
    });
  });
  afterAll(async () => {
    await sender?.close();
    await fake?.close();
  });

  it('posts and edits share one per-second budget', async () => {
    const payload = (n: number): DiscordMessagePayload => ({
      embeds: [{ title: `alert ${n}` }],
      allowed_mentions: { parse: [] },
    });
    const first = await sender.post(channel, payload(0), 'nonce-first');
    if (!first.ok) throw new Error('first post failed');
    await new Promise((r) => setTimeout(r, 1100)); // a fresh second for both kinds
    const start = fake.requests.length;
    const began = Date.now();
    const results = await Promise.all([
      ...Array.from({ length: 2 * PER_SECOND }, (_, n) => sender.post(channel, payload(n + 1), `nonce-${n}`)),
      ...Array.from({ length: 2 * PER_SECOND }, (_, n) =>
        sender.edit(channel, first.value, payload(100 + n)),
      ),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const sent = fake.requests.slice(start);
    expect(sent).toHaveLength(4 * PER_SECOND);
    // PER_SECOND requests per second for the process: 20 requests span at least three more seconds (with a budget
    // per REST instance, 10 posts and 10 edits went out within about one).
    expect(Math.max(...sent.map((r) => r.at)) - began).toBeGreaterThanOrEqual(2500);
  });
});
