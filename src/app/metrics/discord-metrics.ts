/**
 * Counts every Discord call of a sender: posts and edits per channel, failures by status class, 429s apart with
 * the server's Retry-After. Wraps the sender at the composition root, so delivery code stays unchanged.
 */
import type { DiscordSender, SendFailure, SendResult } from '../../deliver/discord/discord-sender.js';
import type { DiscordCallResult, DiscordOp, Metrics } from './metrics.js';

/** The status class of a failure: its reason starts with the HTTP status for answers Discord gave. */
export function discordCallResult(result: SendResult<unknown>): DiscordCallResult {
  if (result.ok) return { ok: true };
  return failureResult(result.failure);
}

function failureResult(failure: SendFailure): DiscordCallResult {
  if (failure.kind === 'rate-limited')
    return {
      ok: false,
      rateLimited: true,
      retryAfterSeconds: failure.retryAfterMs / 1000,
      global: failure.global,
    };
  const status = /^([1-5])\d\d\b/.exec(failure.reason);
  return { ok: false, statusClass: status ? `${status[1]}xx` : 'network' };
}

export function withDiscordMetrics(
  sender: DiscordSender,
  metrics: Pick<Metrics, 'discordCall'>,
): DiscordSender {
  const counted = async <T>(channel: string, op: DiscordOp, call: Promise<SendResult<T>>) => {
    const result = await call;
    metrics.discordCall(channel, op, discordCallResult(result));
    return result;
  };
  // Every method of the sender is passed on, the optional ones too (a dropped `findPosted` would silently turn
  // look-before-retry off); tests/unit/console/operator-metrics.test.ts checks the set.
  const find = sender.findPosted?.bind(sender);
  const threadContents = sender.threadContents?.bind(sender);
  return {
    post: (channel, payload, nonce, options) =>
      counted(channel.id, 'post', sender.post(channel, payload, nonce, options)),
    edit: (channel, message, payload, options) =>
      counted(channel.id, 'edit', sender.edit(channel, message, payload, options)),
    ...(find
      ? {
          findPosted: (channel, marker, since) => counted(channel.id, 'lookup', find(channel, marker, since)),
        }
      : {}),
    ...(threadContents
      ? { threadContents: (threadId) => counted('thread', 'lookup', threadContents(threadId)) }
      : {}),
    startThread: (channel, message, name) =>
      counted(channel.id, 'thread', sender.startThread(channel, message, name)),
    postToThread: (threadId, payload, nonce) =>
      counted('thread', 'thread-post', sender.postToThread(threadId, payload, nonce)),
    checkChannel: (channel) => counted(channel.id, 'check', sender.checkChannel(channel)),
    close: () => sender.close(),
  };
}
