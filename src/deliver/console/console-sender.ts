/**
 * A DiscordSender that prints alerts to the console as readable previews (console-preview.ts: absolute time,
 * outlet, language, why line, link; no Discord markup), used when no Discord destination is configured and by the
 * demo. It goes through the same delivery records as Discord, so a preview is printed once per story.
 */
import type { ChannelConfig } from '../../config/channels.js';
import { renderAlertPreview, renderPayloadPreview, type PreviewOptions } from '../console-preview.js';
import type { DiscordMessagePayload } from '../discord/discord-payload.js';
import type { DiscordSender, PostedMessage } from '../discord/discord-sender.js';
import type { AlertView } from '../discord/format-alert.js';

/** The pseudo-channel alerts are routed to when Discord is not configured. */
export const CONSOLE_CHANNEL: ChannelConfig = {
  id: 'console',
  destination: { kind: 'channel', channelId: '00000' },
  subscription: { topics: ['*'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  followUpThread: false,
  digest: null,
  username: null,
};

/** An alert from its view when the caller passes it, any other payload with its markup made plain. */
function render(
  payload: DiscordMessagePayload,
  label: string,
  view: AlertView | undefined,
  options: PreviewOptions,
): string {
  if (!view) return renderPayloadPreview(payload, label, options);
  return renderAlertPreview(label === 'UPDATE' ? { ...view, updated: true } : view, {
    ...options,
    heading: label === 'UPDATE' ? 'UPDATE' : 'ALERT',
  });
}

export function createConsoleSender(
  write: (text: string) => void = (t) => process.stdout.write(t),
  options: Omit<PreviewOptions, 'language'> = {},
): DiscordSender {
  let next = 1;
  const ok = <T>(value: T) => ({ ok: true as const, value });
  const preview = (channel: ChannelConfig): PreviewOptions => ({
    ...options,
    language: channel.language ?? 'both',
  });
  return {
    async post(channel, payload, _nonce, extra) {
      const message: PostedMessage = { messageId: `console-${next++}`, messageChannelId: 'console' };
      write(render(payload, extra?.view ? 'ALERT' : 'MESSAGE', extra?.view, preview(channel)));
      return ok(message);
    },
    async edit(channel, _message, payload, extra) {
      write(render(payload, 'UPDATE', extra?.view, preview(channel)));
      return ok(undefined);
    },
    async startThread() {
      return ok('console-thread');
    },
    async postToThread(_threadId, payload) {
      write(renderPayloadPreview(payload, 'FOLLOW-UP', options));
      return ok({ messageId: `console-${next++}`, messageChannelId: 'console' });
    },
    async checkChannel() {
      return ok(undefined);
    },
    async close() {},
  };
}
