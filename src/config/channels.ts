/**
 * Loads the channels file (`CHANNELS_FILE`, e.g. `channels.yaml`): every Discord destination raqib posts to and
 * what it subscribes to. Every problem names the file and the field, like the source files.
 */
import { resolve } from 'node:path';
import { IANAZone } from 'luxon';
import { parse as parseYaml } from 'yaml';
import { assertConfigTextSize, readConfigFile } from './config-file.js';
import { z } from 'zod';
import { ConfigError } from '../shared/errors.js';

const snowflake = z.string().regex(/^\d{5,25}$/, 'must be a numeric Discord id (quote it in YAML)');
const timeZone = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone, e.g. Asia/Baghdad');
const lang = z
  .string()
  .regex(/^[a-z]{2,3}$/, 'must be a BCP-47 primary language tag, e.g. ar')
  .transform((l) => l.toLowerCase());

/** Where a channel's alerts go. A thread or announcement channel is a `channel` too (same REST route). */
export type ChannelDestination =
  | { kind: 'channel'; channelId: string }
  | { kind: 'forum'; forumChannelId: string }
  | { kind: 'webhook'; webhookId: string; webhookToken: string; threadId: string | null };

export interface ChannelSubscription {
  /** Topic ids (topics/<id>.yaml) whose alerts this channel receives. */
  topics: string[];
  /** Minimum relevance score. @defaultValue 0 */
  minScore: number;
  /** Article languages accepted; `null` = any, including unknown. @defaultValue null */
  languages: string[] | null;
  /** Source ids accepted; `null` = any. @defaultValue null */
  sources: string[] | null;
}

export interface ChannelConfig {
  /** raqib's own name for the channel: used in logs, the CLI and the deliveries table. */
  id: string;
  destination: ChannelDestination;
  subscription: ChannelSubscription;
  /** Role pinged for the highest-scoring alerts; no other mention is ever allowed. */
  mentionRole: { roleId: string; minScore: number } | null;
  /** Open a thread on each alert (bot channels only) and post follow-up reports in it. @defaultValue false */
  followUpThread: boolean;
  /** Daily digest time (HH:MM) in the channel's time zone; `null` = no digest. */
  digest: {
    time: string;
    timeZone: string;
    /** Nothing to report: post a short "no new items" line, or nothing. @defaultValue 'line' */
    whenEmpty?: 'line' | 'nothing';
    /** Minimum relevance score for digest entries, above the topic's own digest threshold. @defaultValue 0 */
    minScore?: number;
  } | null;
  /** Webhook display name override. */
  username: string | null;
  /** Language of the message labels (the alert's why line): `ar`, `en` or `both`. @defaultValue 'both' */
  language?: 'ar' | 'en' | 'both';
}

const WEBHOOK_URL = /^https?:\/\/[^/]+\/api(?:\/v\d+)?\/webhooks\/(\d{5,25})\/([A-Za-z0-9_.-]{10,200})\/?$/;

const webhookUrl = z.string().transform((url, ctx) => {
  const match = WEBHOOK_URL.exec(url.trim());
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'must be a Discord webhook URL (…/api/webhooks/<id>/<token>)' });
    return z.NEVER;
  }
  return { webhookId: match[1] as string, webhookToken: match[2] as string };
});

const channelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -'),
    /** A bot channel: text, announcement, or an existing thread id. */
    discordChannelId: snowflake.optional(),
    /** A forum or media channel: each alert becomes a post (its own thread). */
    forumChannelId: snowflake.optional(),
    /** A webhook URL (a secret: keep the file out of version control). */
    webhookUrl: webhookUrl.optional(),
    /** Name of an environment variable holding the webhook URL, so the file can be committed. */
    webhookUrlEnv: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/)
      .optional(),
    /** Post into this thread of the webhook's channel. */
    threadId: snowflake.optional(),
    topics: z.array(z.string().min(1)).min(1),
    minScore: z.number().finite().default(0),
    languages: z.array(lang).min(1).optional(),
    sources: z.array(z.string().min(1)).min(1).optional(),
    mentionRole: z.object({ roleId: snowflake, minScore: z.number().finite() }).strict().optional(),
    followUpThread: z.boolean().default(false),
    /** `true` or `{}` = the default schedule, 08:00 Asia/Baghdad. */
    digest: z
      .union([
        z.literal(true).transform(() => ({ time: '08:00', timeZone: 'Asia/Baghdad' })),
        z
          .object({
            time: z
              .string()
              .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)')
              .default('08:00'),
            timeZone: timeZone.default('Asia/Baghdad'),
            whenEmpty: z.enum(['line', 'nothing']).optional(),
            minScore: z.number().finite().min(0).max(1).optional(),
          })
          .strict(),
      ])
      .optional(),
    username: z.string().min(1).max(80).optional(),
    /** Label language of the messages: ar, en or both. */
    language: z.enum(['ar', 'en', 'both']).default('both'),
  })
  .strict();

const fileSchema = z.object({ channels: z.array(channelSchema).min(1) }).strict();

type RawChannel = z.infer<typeof channelSchema>;

/**
 * Parse the channels file's text. `env` resolves `webhookUrlEnv` (pass the process environment from the caller:
 * only env.ts reads it). Throws one ConfigError naming `file` and each invalid field.
 */
export function parseChannelsFile(
  file: string,
  text: string,
  env: Record<string, string | undefined> = {},
): ChannelConfig[] {
  assertConfigTextSize(file, text, 'channels');
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError(`${file}: not valid YAML: ${(error as Error).message}`, error);
  }
  const result = fileSchema.safeParse(raw ?? {});
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid channels file:\n${lines.join('\n')}`);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const channels: ChannelConfig[] = [];
  result.data.channels.forEach((entry, index) => {
    const where = `${file}: channels.${index}`;
    if (seen.has(entry.id)) problems.push(`  ${where}.id: duplicate channel id "${entry.id}"`);
    seen.add(entry.id);
    const destination = resolveDestination(entry, env, where, problems);
    if (entry.followUpThread && destination && destination.kind !== 'channel') {
      problems.push(`  ${where}.followUpThread: only bot channels (discordChannelId) can open threads`);
    }
    if (destination) channels.push(toChannelConfig(entry, destination));
  });
  if (problems.length > 0) throw new ConfigError(`Invalid channels file:\n${problems.join('\n')}`);
  return channels;
}

function resolveDestination(
  entry: RawChannel,
  env: Record<string, string | undefined>,
  where: string,
  problems: string[],
): ChannelDestination | null {
  const given = (['discordChannelId', 'forumChannelId', 'webhookUrl', 'webhookUrlEnv'] as const).filter(
    (key) => entry[key] !== undefined,
  );
  if (given.length !== 1) {
    problems.push(
      `  ${where}: give exactly one of discordChannelId, forumChannelId, webhookUrl, webhookUrlEnv (got ${given.length})`,
    );
    return null;
  }
  if (entry.threadId !== undefined && entry.webhookUrl === undefined && entry.webhookUrlEnv === undefined) {
    problems.push(
      `  ${where}.threadId: only for webhooks (for a bot, put the thread id in discordChannelId)`,
    );
  }
  if (entry.discordChannelId) return { kind: 'channel', channelId: entry.discordChannelId };
  if (entry.forumChannelId) return { kind: 'forum', forumChannelId: entry.forumChannelId };
  let hook = entry.webhookUrl;
  if (entry.webhookUrlEnv) {
    const value = env[entry.webhookUrlEnv];
    const parsed = value === undefined ? undefined : webhookUrl.safeParse(value);
    if (!parsed?.success) {
      problems.push(`  ${where}.webhookUrlEnv: ${entry.webhookUrlEnv} is unset or not a Discord webhook URL`);
      return null;
    }
    hook = parsed.data;
  }
  if (!hook) return null;
  return { kind: 'webhook', ...hook, threadId: entry.threadId ?? null };
}

function toChannelConfig(entry: RawChannel, destination: ChannelDestination): ChannelConfig {
  return {
    id: entry.id,
    destination,
    subscription: {
      topics: entry.topics,
      minScore: entry.minScore,
      languages: entry.languages ?? null,
      sources: entry.sources ?? null,
    },
    mentionRole: entry.mentionRole ?? null,
    followUpThread: entry.followUpThread,
    digest: entry.digest ?? null,
    username: entry.username ?? null,
    language: entry.language,
  };
}

/** Read and parse the channels file; see {@link parseChannelsFile}. */
export function loadChannels(file: string, env: Record<string, string | undefined> = {}): ChannelConfig[] {
  let text: string;
  try {
    text = readConfigFile(file, 'channels');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${file}: cannot read channels file: ${(error as Error).message}`, error);
  }
  return parseChannelsFile(file, text, env);
}

/** The subset of the environment used when there is no channels file. */
export interface DiscordEnv {
  DISCORD_TOKEN?: string | undefined;
  DISCORD_CHANNEL_IDS?: string | undefined;
  DISCORD_WEBHOOK_URL?: string | undefined;
  /** HH:MM or `off`. @defaultValue '08:00' */
  DIGEST_TIME?: string | undefined;
  /** @defaultValue 'Asia/Baghdad' */
  DIGEST_TIMEZONE?: string | undefined;
}

/**
 * Channels from the environment when no channels file is given: one per id in `DISCORD_CHANNEL_IDS` (with
 * `DISCORD_TOKEN`), plus one for `DISCORD_WEBHOOK_URL`. They take every alert of every topic (`topics: ['*']`),
 * no mention, and a daily digest at DIGEST_TIME in DIGEST_TIMEZONE (08:00 Asia/Baghdad; `off` = none). Empty when
 * Discord is not configured.
 */
export function channelsFromEnv(env: DiscordEnv, topics: string[] = ['*']): ChannelConfig[] {
  const digestTime = env.DIGEST_TIME ?? '08:00';
  const base = {
    subscription: { topics, minScore: 0, languages: null, sources: null },
    mentionRole: null,
    followUpThread: false,
    digest:
      digestTime === 'off' ? null : { time: digestTime, timeZone: env.DIGEST_TIMEZONE ?? 'Asia/Baghdad' },
    username: null,
  };
  const channels: ChannelConfig[] = [];
  if (env.DISCORD_TOKEN && env.DISCORD_CHANNEL_IDS) {
    for (const channelId of env.DISCORD_CHANNEL_IDS.split(',').map((s) => s.trim())) {
      if (!/^\d{5,25}$/.test(channelId))
        throw new ConfigError(`DISCORD_CHANNEL_IDS: "${channelId}" is not an id`);
      channels.push({ ...base, id: `discord-${channelId}`, destination: { kind: 'channel', channelId } });
    }
  }
  if (env.DISCORD_WEBHOOK_URL) {
    const parsed = webhookUrl.safeParse(env.DISCORD_WEBHOOK_URL);
    if (!parsed.success) throw new ConfigError('DISCORD_WEBHOOK_URL: not a Discord webhook URL');
    channels.push({
      ...base,
      id: `webhook-${parsed.data.webhookId}`,
      destination: { kind: 'webhook', ...parsed.data, threadId: null },
    });
  }
  return channels;
}

/** The channels raqib posts to: the channels file when `CHANNELS_FILE` is set, else the `DISCORD_*` variables. */
export function configuredChannels(
  env: DiscordEnv & {
    CHANNELS_FILE?: string | undefined;
    rawEnv?: Readonly<Record<string, string | undefined>> | undefined;
  },
  topicIds: string[],
): ChannelConfig[] {
  // The file's webhookUrlEnv names are read from the environment loadEnv parsed (env.ts is the only reader).
  return env.CHANNELS_FILE
    ? loadChannels(resolve(env.CHANNELS_FILE), env.rawEnv ?? {})
    : channelsFromEnv(env, topicIds);
}
