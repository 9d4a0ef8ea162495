/**
 * The channels file as the app loads it: loadEnv → configuredChannels (what createRuntime calls), with the shipped
 * channels.example.yaml, whose partner-webhook channel reads its URL from PARTNER_WEBHOOK_URL (webhookUrlEnv).
 */
import { describe, expect, it } from 'vitest';
import { configuredChannels } from '../../../src/config/channels.js';
import { loadEnv } from '../../../src/config/env.js';
import { ConfigError } from '../../../src/shared/errors.js';

const topics = ['iraq-drawdown'];
const webhook = 'https://discord.com/api/webhooks/555555555555/abcdefghijklmnop_qrs';

describe('CHANNELS_FILE with webhookUrlEnv', () => {
  it('resolves channels.example.yaml as shipped when the variable is set', () => {
    const env = loadEnv({ CHANNELS_FILE: 'channels.example.yaml', PARTNER_WEBHOOK_URL: webhook });
    const channels = configuredChannels(env, topics);
    const partner = channels.find((c) => c.id === 'partner-webhook');
    expect(partner?.destination).toEqual({
      kind: 'webhook',
      webhookId: '555555555555',
      webhookToken: 'abcdefghijklmnop_qrs',
      threadId: null,
    });
    expect(channels.length).toBeGreaterThan(1);
  });

  it('names the variable when it is unset or not a webhook URL', () => {
    for (const value of [undefined, 'https://example.com/not-a-webhook', '']) {
      const env = loadEnv({
        CHANNELS_FILE: 'channels.example.yaml',
        ...(value === undefined ? {} : { PARTNER_WEBHOOK_URL: value }),
      });
      expect(() => configuredChannels(env, topics)).toThrow(ConfigError);
      expect(() => configuredChannels(env, topics)).toThrow(/PARTNER_WEBHOOK_URL/);
    }
  });

  it('accepts the bot token with a channels file of bot channels (no DISCORD_CHANNEL_IDS)', () => {
    const env = loadEnv({
      CHANNELS_FILE: 'channels.example.yaml',
      PARTNER_WEBHOOK_URL: webhook,
      DISCORD_TOKEN: 'bot-token',
    });
    const bot = configuredChannels(env, topics).find((c) => c.id === 'iraq-drawdown-ar');
    expect(bot?.destination).toEqual({ kind: 'channel', channelId: '123456789012345678' });
    expect(env.DISCORD_TOKEN).toBe('bot-token');
    // Without a channels file the token still needs its channel ids.
    expect(() => loadEnv({ DISCORD_TOKEN: 'bot-token' })).toThrow(/DISCORD_CHANNEL_IDS/);
  });

  it('keeps the raw environment out of what is logged or spread', () => {
    const env = loadEnv({ CHANNELS_FILE: 'channels.example.yaml', PARTNER_WEBHOOK_URL: webhook });
    expect(Object.keys(env)).not.toContain('rawEnv');
    expect(JSON.stringify(env)).not.toContain('abcdefghijklmnop_qrs');
    expect(Object.isFrozen(env.rawEnv)).toBe(true);
  });
});
