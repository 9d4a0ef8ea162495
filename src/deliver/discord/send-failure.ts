/**
 * Maps discord.js errors to what the queue should do about them.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';

/** Why a Discord call failed, as a decision for the queue. */
export type SendFailure =
  /** Wait `retryAfterMs` (the server's delay) and try again; not a failed attempt. */
  | { kind: 'rate-limited'; retryAfterMs: number; global: boolean }
  /** 5xx, timeout or network error: retry with backoff. */
  | { kind: 'retryable'; reason: string }
  /** 401/403/404 on the channel or webhook: pause the channel until an operator fixes it. */
  | { kind: 'channel-broken'; reason: string }
  /** The message to edit is gone (deleted by a moderator): stop editing it. */
  | { kind: 'message-missing'; reason: string }
  /** Discord refused the request itself (400 …): retrying the same request cannot help. */
  | { kind: 'rejected'; reason: string };

/** Discord JSON error codes that mean "the message is gone", not "the channel is gone". */
const UNKNOWN_MESSAGE = 10008;

/**
 * Classify an error thrown by discord.js. Reasons carry status, code and message only: error URLs can contain a
 * webhook token and are never copied.
 */
export function classifySendError(error: unknown): SendFailure {
  if (error instanceof RateLimitError) {
    return {
      kind: 'rate-limited',
      retryAfterMs: Math.max(0, Math.ceil(error.retryAfter)),
      global: error.global,
    };
  }
  if (error instanceof DiscordAPIError) {
    const reason = `${error.status} ${error.message} (code ${String(error.code)})`;
    if (error.status === 404 && error.code === UNKNOWN_MESSAGE) return { kind: 'message-missing', reason };
    if (error.status === 401 || error.status === 403 || error.status === 404)
      return { kind: 'channel-broken', reason };
    if (error.status === 429) return { kind: 'rate-limited', retryAfterMs: 1000, global: false };
    if (error.status >= 500 || error.status === 408) return { kind: 'retryable', reason };
    return { kind: 'rejected', reason };
  }
  if (error instanceof HTTPError) {
    const reason = `${error.status} ${error.name}`;
    return error.status >= 500 || error.status === 408
      ? { kind: 'retryable', reason }
      : { kind: 'rejected', reason };
  }
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  // Undici error messages do not include the request URL, but strip anything URL-like to be sure.
  return {
    kind: 'retryable',
    reason: `${name}: ${message.replace(/https?:\/\/\S+/g, '<url>')}`.slice(0, 300),
  };
}
