/**
 * Posts and edits alert messages through discord.js (a gateway-less Client for bot channels, WebhookClient for
 * webhooks) and turns every failure into a value the queue edge can act on.
 */
import { Client, Routes, WebhookClient, type APIMessage, type RESTOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { ChannelConfig } from '../../config/channels.js';
import type { DiscordMessagePayload } from './discord-payload.js';
import type { AlertView } from './format-alert.js';
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
  const client = new Client({ intents: [], rest, allowedMentions: { parse: [] } });
  if (options.token) client.rest.setToken(options.token);
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
      hook = new WebhookClient({ id, token }, { rest, allowedMentions: { parse: [] } });
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
        await client.rest.patch(Routes.channelMessage(message.messageChannelId, message.messageId), {
          body: {
            content: payload.content ?? null,
            embeds: payload.embeds,
            allowed_mentions: payload.allowed_mentions,
          },
          signal: signal(),
        });
      });
    },
    startThread(_channel, message, name) {
      return attempt(async () => {
        const thread = (await client.rest.post(Routes.threads(message.messageChannelId, message.messageId), {
          body: { name, auto_archive_duration: 10080 },
          signal: signal(),
        })) as { id: string };
        return thread.id;
      });
    },
    postToThread(threadId, payload, nonce) {
      return attempt(() => botPost(threadId, { ...payload, nonce, enforce_nonce: true }));
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
        await client.rest.get(Routes.channel(id), { signal: signal() });
      });
    },
    async close() {
      for (const hook of webhooks.values()) hook.destroy();
      await client.destroy();
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
