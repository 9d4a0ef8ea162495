/**
 * `raqib digest preview|send`: print the digest a channel would get, or send it now. Sending goes through the same
 * digests record as the scheduled run, so it never doubles a digest already sent today.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import { pino, type Logger } from 'pino';
import { loadTopics } from '../../../classify/load-topics.js';
import { configuredChannels, type ChannelConfig } from '../../../config/channels.js';
import { loadEnv, type Env } from '../../../config/env.js';
import { loadSources } from '../../../config/sources.js';
import { formatDigest } from '../../../deliver/digest/format-digest.js';
import { digestOwnerId, type DigestProgress } from '../../../deliver/digest/send-digest.js';
import type { DiscordSender } from '../../../deliver/discord/discord-sender.js';
import type { Digest } from '../../../digest/digest-types.js';
import { renderDigestText } from '../../../digest/render-digest-text.js';
import { CONSOLE_CHANNEL, createConsoleSender } from '../../../deliver/console/console-sender.js';
import { findDigestChannel, loadDigest, type DigestSetup } from '../../../pipeline/digest/load-digest.js';
import { sendChannelDigest, type ChannelDigestResult } from '../../../pipeline/digest/send-channel-digest.js';
import type { Db } from '../../../store/db.js';
import type { RegisterCommand } from './index.js';
import { openStore, createSenderFromEnv } from '../../../app/cli-resources.js';

export interface DigestCliContext {
  env: Env;
  now: () => Date;
  out: (text: string) => void;
  /** Override the Discord sender (tests). */
  sender?: DiscordSender;
  logger?: Logger;
  db?: Db;
}

/** The channels and outlet/topic data the digest needs, read like `raqib start` reads them. */
export function loadDigestSetup(env: Env): DigestSetup & { channels: ChannelConfig[] } {
  const topics = loadTopics(resolve(env.TOPICS_DIR));
  const configured = configuredChannels(
    env,
    topics.map((t) => t.id),
  );
  const channels = configured.length > 0 ? configured : [CONSOLE_CHANNEL];
  const sources = new Map(loadSources(resolve(env.SOURCES_DIR)).map((s) => [s.id, s]));
  return { channels, sources, topics };
}

/** `--channel` or, by default, every channel with a digest (every channel when none has one). */
function pickChannels(channels: ChannelConfig[], channelId: string | undefined): ChannelConfig[] {
  if (channelId) return [findDigestChannel(channels, channelId)];
  const withDigest = channels.filter((c) => c.digest);
  return withDigest.length > 0 ? withDigest : channels;
}

async function withDb<T>(context: DigestCliContext, run: (db: Db) => Promise<T>): Promise<T> {
  if (context.db) return run(context.db);
  const db = await openStore(context.env);
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}

/** The day after a YYYY-MM-DD date. */
function nextDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? date;
}

/** Times of a digest in its channel's zone, for the headline of a preview. */
const inZone = (iso: string, timeZone: string) =>
  DateTime.fromISO(iso, { zone: timeZone }).toFormat("yyyy-MM-dd HH:mm '('ZZZZ')'");

export async function runDigestPreview(
  context: DigestCliContext,
  options: { channel?: string; date?: string; json?: boolean },
): Promise<Digest[]> {
  const setup = loadDigestSetup(context.env);
  const channels = pickChannels(setup.channels, options.channel);
  const now = context.now();
  const { digests, next } = await withDb(context, async (db) => {
    const list: Digest[] = [];
    const upcoming = new Map<string, Digest>();
    for (const channel of channels) {
      const digest = await loadDigest(db, setup, { channelId: channel.id, date: options.date, now });
      list.push(digest);
      // Today's due time has passed: what the next digest holds so far matters more than the one that was due.
      if (options.date === undefined && Date.parse(digest.scheduledAt) <= now.getTime())
        upcoming.set(
          channel.id,
          await loadDigest(db, setup, { channelId: channel.id, date: nextDate(digest.date), now }),
        );
    }
    return { digests: list, next: upcoming };
  });
  if (options.json) {
    context.out(`${JSON.stringify(options.channel ? digests[0] : digests, null, 2)}\n`);
    return digests;
  }
  const discordSummary = (digest: Digest) => {
    const pages = formatDigest(digest, { publicDashboardUrl: context.env.PUBLIC_DASHBOARD_URL });
    const embeds = pages.reduce((n, p) => n + p.embeds.length, 0);
    return pages.length === 0
      ? 'Discord: nothing would be posted.\n\n'
      : `Discord: ${pages.length} message(s), ${embeds} embed(s).\n\n`;
  };
  for (const digest of digests) {
    const upcoming = next.get(digest.channelId);
    if (upcoming)
      context.out(
        `Today's digest was due at ${inZone(digest.scheduledAt, digest.timeZone)}; the next one follows it.\n\n`,
      );
    context.out(renderDigestText(digest));
    context.out(discordSummary(digest));
    if (upcoming) {
      context.out(
        `Next digest: due ${inZone(upcoming.scheduledAt, upcoming.timeZone)}, so far (until now):\n`,
      );
      context.out(renderDigestText(upcoming));
      context.out(discordSummary(upcoming));
    }
  }
  return digests;
}

function describeProgress(channelId: string, event: DigestProgress): string {
  switch (event.kind) {
    case 'claimed':
      return event.resumed
        ? `${channelId}: resuming an interrupted digest (${event.posted} page(s) already posted)`
        : `${channelId}: claimed, building the digest…`;
    case 'frozen':
      return `${channelId}: ${event.stories} stor${event.stories === 1 ? 'y' : 'ies'} in ${event.pages} message(s)${event.late ? ' (late)' : ''}`;
    case 'page':
      return `${channelId}: posted message ${event.index + 1}/${event.total} (id ${event.messageId})`;
  }
}

function describeResult(result: ChannelDigestResult): string {
  const head = `${result.channelId} ${result.date}:`;
  switch (result.outcome) {
    case 'sent':
      return `${head} sent, ${result.record.messageIds.length} message(s)${result.record.late ? ', marked late' : ''}`;
    case 'empty':
      return `${head} nothing to report; the channel chose to get nothing`;
    case 'already-done':
      return `${head} already ${result.record.state} at ${result.record.sentAt ?? '?'} (${result.record.messageIds.length} message(s)); not sent again`;
    case 'busy':
      return `${head} another raqib process is sending it right now; try again in ${Math.ceil(result.retryAfterMs / 1000)} s`;
    case 'failed':
      return `${head} FAILED: ${result.reason}${result.retryable ? ' (temporary; run again later)' : ''}`;
  }
}

export async function runDigestSend(
  context: DigestCliContext,
  options: { channel?: string; json?: boolean },
): Promise<ChannelDigestResult[]> {
  const setup = loadDigestSetup(context.env);
  const channels = pickChannels(setup.channels, options.channel);
  const logger = context.logger ?? pino({ level: 'warn' });
  const consoleOnly = setup.channels.length === 1 && setup.channels[0]?.id === CONSOLE_CHANNEL.id;
  const sender =
    context.sender ??
    (consoleOnly
      ? createConsoleSender((text) => context.out(text.replace(/^──── MESSAGE ────/u, '──── DIGEST ────')))
      : createSenderFromEnv(context.env, logger));
  const results: ChannelDigestResult[] = [];
  try {
    await withDb(context, async (db) => {
      const deps = {
        db,
        setup,
        sender,
        logger,
        owner: digestOwnerId(hostname(), process.pid),
        now: context.now,
        publicDashboardUrl: context.env.PUBLIC_DASHBOARD_URL,
      };
      for (const channel of channels) {
        const result = await sendChannelDigest(deps, {
          channelId: channel.id,
          manual: true,
          ...(options.json ? {} : { onProgress: (e) => context.out(`${describeProgress(channel.id, e)}\n`) }),
        });
        results.push(result);
        if (!options.json) context.out(`${describeResult(result)}\n`);
      }
    });
  } finally {
    if (!context.sender) await sender.close();
  }
  if (options.json)
    context.out(
      `${JSON.stringify(
        results.map((r) => ({
          channelId: r.channelId,
          date: r.date,
          outcome: r.outcome,
          ...('record' in r ? { messageIds: r.record.messageIds, late: r.record.late } : {}),
          ...('reason' in r ? { reason: r.reason } : {}),
        })),
        null,
        2,
      )}\n`,
    );
  return results;
}

export const register: RegisterCommand = (program) => {
  const group = program.command('digest').description('the daily digest: preview it, or send it now');
  const context = (): DigestCliContext => ({
    env: loadEnv(),
    now: () => new Date(),
    out: (text) => process.stdout.write(text),
  });
  group
    .command('preview')
    .description(
      'print the digest a channel would get (default: today in its time zone, every digest channel)',
    )
    .option('--channel <id>', 'only this channel (its id in the channels file)')
    .option('--date <YYYY-MM-DD>', "the digest's date in the channel's time zone")
    .option('--json', 'print the digest as JSON')
    .action(async (options: { channel?: string; date?: string; json?: boolean }) => {
      await runDigestPreview(context(), options);
    });
  group
    .command('send')
    .description("send today's digest now (once: a digest already sent today is not sent again)")
    .option('--channel <id>', 'only this channel (default: every channel with a digest)')
    .option('--json', 'print the outcome as JSON')
    .action(async (options: { channel?: string; json?: boolean }) => {
      const results = await runDigestSend(context(), options);
      if (results.some((r) => r.outcome === 'failed' || r.outcome === 'busy')) process.exitCode = 1;
    });
};
