/**
 * Posts operator notices (silent sources) to the operators channel through the same Discord sender as alerts
 * (one REST client per token per process).
 * Configured by OPERATORS_CHANNEL_ID with a bot token; without them there is no notifier and findings are only
 * logged and shown on the dashboard.
 */
import type { Logger } from 'pino';
import type { ChannelConfig } from '../../config/channels.js';
import type { Env } from '../../config/env.js';
import type { DiscordSender } from './discord-sender.js';
import { formatSilentSourceNotice, type SilentSourceNotice } from './format-operator-notice.js';

export interface OperatorNotifier {
  /** Post one notice; `key` de-duplicates repeats within Discord's nonce window. Resolves false on failure. */
  notifySilentSource(notice: SilentSourceNotice, key: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The operators channel as a channel config (bot channel, no subscription). */
export function operatorsChannel(channelId: string): ChannelConfig {
  return {
    id: 'operators',
    destination: { kind: 'channel', channelId },
    subscription: { topics: [], minScore: 0, languages: null, sources: null },
    mentionRole: null,
    followUpThread: false,
    digest: null,
    username: null,
  };
}

/** A notifier over `sender` posting to `channelId`. */
export function createOperatorNotifier(
  sender: DiscordSender,
  channelId: string,
  logger: Logger,
): OperatorNotifier {
  const channel = operatorsChannel(channelId);
  return {
    async notifySilentSource(notice, key) {
      const nonce = key.replace(/[^A-Za-z0-9]/g, '').slice(0, 25) || 'raqibnotice';
      const sent = await sender.post(channel, formatSilentSourceNotice(notice), nonce);
      if (!sent.ok)
        logger.warn({ failure: sent.failure, sourceId: notice.sourceId }, 'operator notice not sent');
      return sent.ok;
    },
    // The sender is the process's one Discord sender, owned (and closed) by the runtime.
    close: async () => undefined,
  };
}

/** The notifier the environment asks for over the process's sender, or null (OPERATORS_CHANNEL_ID or DISCORD_TOKEN unset). */
export function operatorNotifierFromEnv(
  env: Env,
  sender: DiscordSender | null,
  logger: Logger,
): OperatorNotifier | null {
  if (!env.OPERATORS_CHANNEL_ID) return null;
  if (!env.DISCORD_TOKEN || !sender) {
    logger.warn('OPERATORS_CHANNEL_ID is set but DISCORD_TOKEN is not: operator notices are only logged');
    return null;
  }
  return createOperatorNotifier(sender, env.OPERATORS_CHANNEL_ID, logger);
}
