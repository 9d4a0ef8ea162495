import { describe, expect, it } from 'vitest';
import { channelsFromEnv, parseChannelsFile } from '../../../src/config/channels.js';

const good = `
channels:
  - id: iraq-ar
    discordChannelId: "111111111111"
    topics: [iraq-drawdown]
    minScore: 0.6
    languages: [ar]
    mentionRole: { roleId: "222222222222", minScore: 0.9 }
    followUpThread: true
    digest: { time: "08:00", timeZone: Asia/Baghdad }
  - id: hook
    webhookUrlEnv: HOOK_URL
    threadId: "333333333333"
    topics: ["*"]
  - id: forum
    forumChannelId: "444444444444"
    topics: [iraq-drawdown]
`;

describe('parseChannelsFile', () => {
  it('parses every destination kind', () => {
    const channels = parseChannelsFile('channels.yaml', good, {
      HOOK_URL: 'https://discord.com/api/webhooks/555555555555/abcdefghijklmnop_qrs',
    });
    expect(channels.map((c) => c.destination)).toEqual([
      { kind: 'channel', channelId: '111111111111' },
      {
        kind: 'webhook',
        webhookId: '555555555555',
        webhookToken: 'abcdefghijklmnop_qrs',
        threadId: '333333333333',
      },
      { kind: 'forum', forumChannelId: '444444444444' },
    ]);
    expect(channels[0]).toMatchObject({
      subscription: { topics: ['iraq-drawdown'], minScore: 0.6, languages: ['ar'], sources: null },
      mentionRole: { roleId: '222222222222', minScore: 0.9 },
      digest: { time: '08:00', timeZone: 'Asia/Baghdad' },
      followUpThread: true,
    });
  });

  it('names the file and the field of every problem', () => {
    const bad = `
channels:
  - id: Bad_Id
    discordChannelId: 123
    topics: []
    digest: { time: "25:00", timeZone: Mars/Base }
    extra: 1
`;
    let message = '';
    try {
      parseChannelsFile('conf/channels.yaml', bad);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const field of [
      'channels.0.id',
      'channels.0.discordChannelId',
      'channels.0.topics',
      'channels.0.digest.time',
      'channels.0.digest.timeZone',
    ]) {
      expect(message).toContain(`conf/channels.yaml: ${field}`);
    }
    expect(message).toContain('extra');
  });

  it('rejects missing or double destinations, duplicate ids, unset webhook variables and threads on webhooks', () => {
    const text = `
channels:
  - { id: a, topics: [t] }
  - { id: a, discordChannelId: "111111", forumChannelId: "222222", topics: [t] }
  - { id: b, webhookUrlEnv: NOPE, topics: [t] }
  - { id: c, forumChannelId: "222222", topics: [t], followUpThread: true }
`;
    expect(() => parseChannelsFile('x.yaml', text)).toThrow(
      /channels\.0: give exactly one[\s\S]*channels\.1\.id: duplicate[\s\S]*NOPE is unset[\s\S]*channels\.3\.followUpThread/,
    );
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(() => parseChannelsFile('x.yaml', 'channels: [')).toThrow(/^x\.yaml: not valid YAML/);
  });
});

describe('channelsFromEnv', () => {
  it('builds catch-all channels from DISCORD_CHANNEL_IDS and DISCORD_WEBHOOK_URL', () => {
    const channels = channelsFromEnv({
      DISCORD_TOKEN: 't',
      DISCORD_CHANNEL_IDS: '111111, 222222',
      DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/333333/tokentokentoken',
    });
    expect(channels.map((c) => c.id)).toEqual(['discord-111111', 'discord-222222', 'webhook-333333']);
    expect(channels.every((c) => c.subscription.topics[0] === '*' && c.mentionRole === null)).toBe(true);
    expect(channelsFromEnv({})).toEqual([]);
  });

  it('gives env channels the default daily digest, another time, or none', () => {
    const env = { DISCORD_TOKEN: 't', DISCORD_CHANNEL_IDS: '111111' };
    expect(channelsFromEnv(env)[0]?.digest).toEqual({ time: '08:00', timeZone: 'Asia/Baghdad' });
    expect(
      channelsFromEnv({ ...env, DIGEST_TIME: '19:30', DIGEST_TIMEZONE: 'Europe/Berlin' })[0]?.digest,
    ).toEqual({ time: '19:30', timeZone: 'Europe/Berlin' });
    expect(channelsFromEnv({ ...env, DIGEST_TIME: 'off' })[0]?.digest).toBeNull();
  });
});
