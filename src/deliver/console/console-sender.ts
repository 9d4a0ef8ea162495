/**
 * A DiscordSender that prints alerts to the console as readable previews, used when no Discord destination is
 * configured. It goes through the same delivery records as Discord, so a preview is printed once per story.
 */
import type { ChannelConfig } from '../../config/channels.js';
import type { DiscordMessagePayload } from '../discord/discord-payload.js';
import type { DiscordSender, PostedMessage } from '../discord/discord-sender.js';

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

function render(payload: DiscordMessagePayload, label: string): string {
  const lines = [`──── ${label} ────`];
  if (payload.content) lines.push(payload.content);
  for (const embed of payload.embeds) {
    if (embed.title) lines.push(`■ ${embed.title}`);
    if (embed.url) lines.push(`  ${embed.url}`);
    if (embed.description) lines.push(...embed.description.split('\n').map((l) => `  ${l}`));
    for (const field of embed.fields ?? [])
      lines.push(`  ${field.name}: ${field.value.replace(/\n/g, '\n    ')}`);
    if (embed.footer?.text) lines.push(`  — ${embed.footer.text}`);
  }
  return `${lines.join('\n')}\n`;
}

export function createConsoleSender(
  write: (text: string) => void = (t) => process.stdout.write(t),
): DiscordSender {
  let next = 1;
  const ok = <T>(value: T) => ({ ok: true as const, value });
  return {
    async post(_channel, payload) {
      const message: PostedMessage = { messageId: `console-${next++}`, messageChannelId: 'console' };
      write(render(payload, 'ALERT'));
      return ok(message);
    },
    async edit(_channel, message, payload) {
      write(render(payload, `UPDATE of ${message.messageId}`));
      return ok(undefined);
    },
    async startThread() {
      return ok('console-thread');
    },
    async postToThread(_threadId, payload) {
      write(render(payload, 'FOLLOW-UP'));
      return ok({ messageId: `console-${next++}`, messageChannelId: 'console' });
    },
    async checkChannel() {
      return ok(undefined);
    },
    async close() {},
  };
}
