/** `raqib digest preview|send` on the constructed fixture day, with PGlite and the fake Discord. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import {
  runDigestPreview,
  runDigestSend,
  type DigestCliContext,
} from '../../../src/console/cli/commands/digest.js';
import { createDiscordSender, type DiscordSender } from '../../../src/deliver/discord/discord-sender.js';
import type { Digest } from '../../../src/digest/digest-types.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { expectedOrder, FIXTURE_NOW, insertFixtureDay } from '../../fixtures/digest/fixture-day.js';
import { startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';

describe('raqib digest preview|send', () => {
  const dir = mkdtempSync(join(tmpdir(), 'raqib-digest-cli-'));
  let db: Db;
  let fake: FakeDiscord;
  let sender: DiscordSender;
  let output = '';
  let context: DigestCliContext;

  beforeAll(async () => {
    fake = await startFakeDiscord({ botToken: 'BOT' });
    sender = createDiscordSender({ token: 'BOT', apiUrl: fake.apiUrl, logger: pino({ level: 'silent' }) });
    db = await openDb({ dataDir: 'memory://' });
    await insertFixtureDay(db);
    const channelsFile = join(dir, 'channels.yaml');
    writeFileSync(
      channelsFile,
      `channels:
  - id: cli
    discordChannelId: "930000001"
    topics: [iraq-drawdown]
    languages: [ar, en]
    digest: { time: "08:00", timeZone: Asia/Baghdad }
  - id: no-digest
    discordChannelId: "930000002"
    topics: ["*"]
`,
    );
    context = {
      env: loadEnv({ CHANNELS_FILE: channelsFile, DATA_DIR: dir, LOG_LEVEL: 'silent' }),
      now: () => FIXTURE_NOW,
      out: (text) => {
        output += text;
      },
      sender,
      db,
    };
  });

  afterAll(async () => {
    await sender?.close();
    await db?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('previews the ranked digest for people and as JSON', async () => {
    output = '';
    await runDigestPreview(context, {});
    expect(output).toContain('Digest for cli · 2026-11-22 · 08:00 Asia/Baghdad');
    expect(output).not.toContain('no-digest'); // only channels with a digest by default
    expect(output).toMatch(/ {2}1\. \[0\.82 · 3 outlets\] التحالف الدولي/u);
    expect(output).toContain('Discord: 1 message(s)');
    output = '';
    await runDigestPreview(context, { channel: 'cli', date: '2026-11-22', json: true });
    const digest = JSON.parse(output) as Digest;
    expect(digest.entries.map((e) => e.storyId)).toEqual(expectedOrder);
    await expect(runDigestPreview(context, { channel: 'nope' })).rejects.toThrow(/unknown channel "nope"/u);
    await expect(runDigestPreview(context, { date: '2026-13-01' })).rejects.toThrow(/YYYY-MM-DD/u);
  });

  it('after the due time shows the next digest too, with times in the channel zone', async () => {
    output = '';
    // 08:00:30 in Baghdad: today's digest was due 30 s ago.
    await runDigestPreview(context, { channel: 'cli' });
    expect(output).toContain("Today's digest was due at 2026-11-22 08:00 (GMT+3)");
    expect(output).toContain('Next digest: due 2026-11-23 08:00 (GMT+3)');
    expect(output).toContain('Digest for cli · 2026-11-23 · 08:00 Asia/Baghdad');
    expect(output.indexOf('2026-11-22 · 08:00')).toBeLessThan(output.indexOf('Next digest'));
    // Before the due time (and for an explicit --date) only that digest.
    for (const [now, date] of [
      [new Date('2026-11-22T04:30:00Z'), undefined],
      [FIXTURE_NOW, '2026-11-22'],
    ] as const) {
      output = '';
      await runDigestPreview({ ...context, now: () => now }, { channel: 'cli', ...(date ? { date } : {}) });
      expect(output).toContain('Digest for cli · 2026-11-22');
      expect(output).not.toContain('Next digest');
    }
  });

  it('sends now with progress, once', async () => {
    output = '';
    const [first] = await runDigestSend(context, { channel: 'cli' });
    expect(first?.outcome).toBe('sent');
    expect(output).toContain('cli: claimed, building the digest');
    expect(output).toMatch(/cli: posted message 1\/1 \(id \d+\)/u);
    expect(output).toContain('cli 2026-11-22: sent, 1 message(s)');
    expect(fake.messagesIn('930000001')).toHaveLength(1);
    output = '';
    const [second] = await runDigestSend(context, { channel: 'cli' });
    expect(second?.outcome).toBe('already-done');
    expect(output).toMatch(/already sent at .* not sent again/u);
    expect(fake.messagesIn('930000001')).toHaveLength(1);
  });
});
