/**
 * Posts and edits alert messages through discord.js (a gateway-less Client for bot channels, WebhookClient for
 * webhooks) and turns every failure into a value the queue edge can act on.
 */
import {
  Client,
  DiscordAPIError,
  Routes,
  WebhookClient,
  type APIMessage,
  type RESTOptions,
} from 'discord.js';
import type { Logger } from 'pino';
import type { ChannelConfig } from '../../config/channels.js';
import type { DiscordMessagePayload } from './discord-payload.js';
import type { AlertView } from './format-alert.js';
import { carriesMarker } from './delivery-marks.js';
import { classifySendError, type SendFailure } from './send-failure.js';

export type { SendFailure } from './send-failure.js';

/** Where a posted message lives: `messageChannelId` is the forum post (thread) for forum channels. */
export interface PostedMessage {
  messageId: string;
  messageChannelId: string;
}

export type SendResult<T> = { ok: true; value: T } | { ok: false; failure: SendFailure };

/** Extras of a post: the forum thread's name, and the alert's view for senders that render it themselves. */
export interface PostOptions {
  threadName?: string;
  /** The alert the payload was built from (the console sender prints it readably; Discord ignores it). */
  view?: AlertView;
}
/** What a look for an earlier post found: the message, none, or that this destination cannot be searched. */
export type LookupResult =
  { kind: 'found'; message: PostedMessage } | { kind: 'absent' } | { kind: 'unsupported'; reason: string };

export interface DiscordSender {
  /**
   * Create the alert. For bot channels `nonce` is sent with `enforce_nonce`, so a repeat within Discord's nonce
   * window returns the first message instead of creating a second one.
   */
  post(
    channel: ChannelConfig,
    payload: DiscordMessagePayload,
    nonce: string,
    options?: PostOptions,
  ): Promise<SendResult<PostedMessage>>;
  /** Replace the alert's content in place. */
  edit(
    channel: ChannelConfig,
    message: PostedMessage,
    payload: DiscordMessagePayload,
    options?: Pick<PostOptions, 'view'>,
  ): Promise<SendResult<void>>;
  /** Start a thread on a posted message (bot channels); returns the thread id. */
  startThread(channel: ChannelConfig, message: PostedMessage, name: string): Promise<SendResult<string>>;
  /** Post a follow-up into a thread (bot token), de-duplicated by `nonce` like {@link DiscordSender.post}. */
  postToThread(
    threadId: string,
    payload: DiscordMessagePayload,
    nonce: string,
  ): Promise<SendResult<PostedMessage>>;
  /**
   * Look for a message carrying `marker` created since `since` (the channel's recent messages; for a webhook, its
   * channel's, which needs the bot token). Used before re-posting after an answer was lost.
   */
  findPosted?(channel: ChannelConfig, marker: string, since: Date): Promise<SendResult<LookupResult>>;
  /**
   * The contents of a thread's latest bot messages (up to 100), so a follow-up whose earlier try may have been
   * posted (answer lost, outside Discord's nonce window) is not announced twice.
   */
  threadContents?(threadId: string): Promise<SendResult<string[]>>;
  /** GET the channel (or webhook) to check it exists and is reachable. */
  checkChannel(channel: ChannelConfig): Promise<SendResult<void>>;
  /** Release clients and timers. */
  close(): Promise<void>;
}

export interface DiscordSenderOptions {
  /** Bot token (DISCORD_TOKEN); webhook channels need none. Never logged. */
  token?: string | undefined;
  /** REST base, e.g. `http://127.0.0.1:9999/api` (DISCORD_API_URL). @defaultValue `https://discord.com/api` */
  apiUrl?: string | undefined;
  logger: Logger;
  /** Per-request timeout. @defaultValue 15000 */
  timeoutMs?: number;
  /** Immediate in-process retries on 5xx/network resets; durable backoff is the queue's job. @defaultValue 1 */
  retries?: number;
  /**
   * Rate-limit waits up to this long are done by discord.js in process; longer ones are returned as
   * `rate-limited` so the job goes back to the queue with the server's delay. @defaultValue 1000
   */
  maxInProcessWaitMs?: number;
  /** Extra ms discord.js adds to each rate-limit wait; 0 in tests. @defaultValue 50 */
  offset?: number;
  /** Upper bound for one call including in-process rate-limit waits. @defaultValue 60000 */
  deadlineMs?: number;
  /**
   * discord.js's own cap on requests per second for this process (Discord's global limit is 50/s per bot,
   * shared by every process using the token). @defaultValue 50
   */
  globalRequestsPerSecond?: number;
}

/** Defaults of {@link DiscordSenderOptions}. */
export const defaultSenderOptions = {
  timeoutMs: 15_000,
  retries: 1,
  maxInProcessWaitMs: 1000,
  offset: 50,
  deadlineMs: 60_000,
  globalRequestsPerSecond: 50,
} as const;

/** Create the sender. No gateway connection is made: only REST. */
export function createDiscordSender(options: DiscordSenderOptions): DiscordSender {
  const settings = { ...defaultSenderOptions, ...definedOnly(options) };
  const rest: Partial<RESTOptions> = {
    timeout: settings.timeoutMs,
    retries: settings.retries,
    offset: settings.offset,
    globalRequestsPerSecond: settings.globalRequestsPerSecond,
    rejectOnRateLimit: (data) => data.retryAfter > settings.maxInProcessWaitMs,
    ...(options.apiUrl ? { api: options.apiUrl } : {}),
  };
  // One REST instance for every bot request, so discord.js's global limit (globalRequestsPerSecond), its buckets
  // and a global 429 are one state for the process (a second instance for creations doubled the per-second cap).
  // It repeats nothing itself: creation is never repeated in process (after a timeout or a 5xx the message may
  // exist, and Discord's nonce window may be shorter than the wait; the queue's retry looks for it first, found by
  // `chaos`: slow answers), and idempotent reads and edits are retried here (`again`).
  const client = new Client({ intents: [], rest: { ...rest, retries: 0 }, allowedMentions: { parse: [] } });
  if (options.token) client.rest.setToken(options.token);
  const again = async <T>(run: () => Promise<T>): Promise<T> => {
    for (let tries = 0; ; tries++) {
      try {
        return await run();
      } catch (error) {
        if (tries >= settings.retries || classifySendError(error).kind !== 'retryable') throw error;
      }
    }
  };
  client.rest.on('rateLimited', (info) =>
    options.logger.debug(
      { route: info.route, retryAfter: info.retryAfter, global: info.global },
      'discord rate limit',
    ),
  );
  const webhooks = new Map<string, WebhookClient>();
  const webhookFor = (id: string, token: string) => {
    let hook = webhooks.get(id);
    if (!hook) {
      // No in-process retry: a webhook post carries no nonce, so repeating a 5xx-after-create or a dropped
      // answer at once would post twice. The queue's retry looks for the message first.
      hook = new WebhookClient(
        { id, token },
        { rest: { ...rest, retries: 0 }, allowedMentions: { parse: [] } },
      );
      webhooks.set(id, hook);
    }
    return hook;
  };
  const signal = () => AbortSignal.timeout(settings.deadlineMs);

  async function attempt<T>(run: () => Promise<T>): Promise<SendResult<T>> {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      const failure = classifySendError(error);
      options.logger.debug({ failure }, 'discord request failed');
      return { ok: false, failure };
    }
  }

  const botPost = async (channelId: string, body: object): Promise<PostedMessage> => {
    const message = (await client.rest.post(Routes.channelMessages(channelId), {
      body,
      signal: signal(),
    })) as APIMessage;
    return { messageId: message.id, messageChannelId: message.channel_id };
  };

  return {
    post(channel, payload, nonce, postOptions) {
      const dest = channel.destination;
      return attempt(async () => {
        if (dest.kind === 'channel')
          return botPost(dest.channelId, { ...payload, nonce, enforce_nonce: true });
        if (dest.kind === 'forum') {
          const name = postOptions?.threadName ?? 'raqib alert';
          const thread = (await client.rest.post(Routes.threads(dest.forumChannelId), {
            body: { name, message: payload },
            signal: signal(),
          })) as { id: string; message?: { id: string } };
          // A forum post's starter message has the thread's id.
          return { messageId: thread.message?.id ?? thread.id, messageChannelId: thread.id };
        }
        // Discord's webhook execute takes no nonce: exactly-once there rests on the delivery record alone.
        const message = await webhookFor(dest.webhookId, dest.webhookToken).send({
          ...(payload.content === undefined ? {} : { content: payload.content }),
          embeds: payload.embeds,
          allowedMentions: payload.allowed_mentions,
          ...(dest.threadId ? { threadId: dest.threadId } : {}),
          ...(channel.username ? { username: channel.username } : {}),
        });
        return { messageId: message.id, messageChannelId: message.channel_id };
      });
    },
    edit(channel, message, payload) {
      const dest = channel.destination;
      return attempt(async () => {
        if (dest.kind === 'webhook') {
          await webhookFor(dest.webhookId, dest.webhookToken).editMessage(message.messageId, {
            content: payload.content ?? null,
            embeds: payload.embeds,
            allowedMentions: payload.allowed_mentions,
            ...(dest.threadId ? { threadId: dest.threadId } : {}),
          });
          return;
        }
        await again(() =>
          client.rest.patch(Routes.channelMessage(message.messageChannelId, message.messageId), {
            body: {
              content: payload.content ?? null,
              embeds: payload.embeds,
              allowed_mentions: payload.allowed_mentions,
            },
            signal: signal(),
          }),
        );
      });
    },
    startThread(_channel, message, name) {
      return attempt(async () => {
        try {
          const thread = (await client.rest.post(
            Routes.threads(message.messageChannelId, message.messageId),
            { body: { name, auto_archive_duration: 10080 }, signal: signal() },
          )) as { id: string };
          return thread.id;
        } catch (error) {
          // An earlier try opened it and its answer was lost: a thread started on a message has the message's id.
          if (error instanceof DiscordAPIError && error.code === THREAD_ALREADY_CREATED)
            return message.messageId;
          throw error;
        }
      });
    },
    threadContents(threadId) {
      return attempt(async () => {
        const batch = (await again(() =>
          client.rest.get(Routes.channelMessages(threadId), {
            query: new URLSearchParams({ limit: '100' }),
            signal: signal(),
          }),
        )) as APIMessage[];
        return batch.filter((m) => m.author.bot === true).map((m) => m.content);
      });
    },
    postToThread(threadId, payload, nonce) {
      return attempt(() => botPost(threadId, { ...payload, nonce, enforce_nonce: true }));
    },
    findPosted(channel, marker, since) {
      const dest = channel.destination;
      return attempt(async (): Promise<LookupResult> => {
        if (dest.kind === 'forum') return { kind: 'unsupported', reason: 'forum posts are not searched' };
        if (!options.token) return { kind: 'unsupported', reason: 'no bot token to read the channel' };
        let channelId: string;
        if (dest.kind === 'channel') channelId = dest.channelId;
        else if (dest.threadId) channelId = dest.threadId;
        else {
          const hook = (await webhookFor(dest.webhookId, dest.webhookToken).rest.get(
            Routes.webhook(dest.webhookId, dest.webhookToken),
            { auth: false, signal: signal() },
          )) as { channel_id?: string };
          if (!hook.channel_id) return { kind: 'unsupported', reason: 'webhook has no channel' };
          channelId = hook.channel_id;
        }
        // Messages after a snowflake a minute before the uncertain post (clock skew), oldest first, 5 pages.
        let after = snowflakeAt(since.getTime() - 60_000);
        for (let page = 0; page < 5; page++) {
          const query = new URLSearchParams({ after, limit: '100' });
          const batch = (await again(() =>
            client.rest.get(Routes.channelMessages(channelId), { query, signal: signal() }),
          )) as APIMessage[];
          const hit = batch.find((m) => m.author.bot === true && carriesMarker(m, marker));
          if (hit) return { kind: 'found', message: { messageId: hit.id, messageChannelId: hit.channel_id } };
          if (batch.length < 100) return { kind: 'absent' };
          after = batch.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
        }
        return { kind: 'unsupported', reason: 'too many messages since the uncertain post' };
      });
    },
    checkChannel(channel) {
      const dest = channel.destination;
      return attempt(async () => {
        if (dest.kind === 'webhook') {
          const hook = webhookFor(dest.webhookId, dest.webhookToken);
          await hook.rest.get(Routes.webhook(dest.webhookId, dest.webhookToken), {
            auth: false,
            signal: signal(),
          });
          return;
        }
        const id = dest.kind === 'channel' ? dest.channelId : dest.forumChannelId;
        await again(() => client.rest.get(Routes.channel(id), { signal: signal() }));
      });
    },
    async close() {
      for (const hook of webhooks.values()) hook.destroy();
      await client.destroy();
    },
  };
}

/** Discord's "A thread has already been created for this message". */
const THREAD_ALREADY_CREATED = 160004;

/** The smallest Discord snowflake of a moment (ms since the epoch). */
export function snowflakeAt(ms: number): string {
  const discordEpoch = 1_420_070_400_000;
  return (BigInt(Math.max(0, Math.floor(ms - discordEpoch))) << 22n).toString();
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
