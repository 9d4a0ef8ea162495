/**
 * Sends one (channel, date) digest exactly once. The record is claimed with a lease before anything is posted;
 * the pages are built and frozen once; each page's message id is recorded right after Discord accepts it, so a
 * retry after a crash continues with the next page instead of starting over. Bot channels also send a per-page
 * nonce with `enforce_nonce`, so re-posting a page whose id was not recorded returns the first message.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChannelConfig } from '../../config/channels.js';
import type { DiscordMessagePayload } from '../discord/discord-payload.js';
import type { DiscordSender, PostedMessage, SendResult } from '../discord/discord-sender.js';
import type { DigestRecord, DigestStore } from './digest-store.js';

/** The pages and window to freeze, built only when the record has none yet. */
export interface PreparedDigest {
  pages: DiscordMessagePayload[];
  late: boolean;
  scheduledFor: Date;
  window: { start: Date; end: Date };
  storyCount: number;
}

export type DigestProgress =
  | { kind: 'claimed'; resumed: boolean; posted: number }
  | { kind: 'frozen'; pages: number; stories: number; late: boolean }
  | { kind: 'page'; index: number; total: number; messageId: string };

export interface SendDigestDeps {
  store: DigestStore;
  sender: DiscordSender;
  logger: Logger;
  /** This process's lease owner id. */
  owner: string;
  /** Lease length, renewed after every page. @defaultValue 300000 */
  leaseMs?: number;
  onProgress?: (event: DigestProgress) => void;
}

export type SendDigestOutcome =
  | { outcome: 'sent' | 'empty'; record: DigestRecord; resumed: boolean }
  | { outcome: 'already-done'; record: DigestRecord }
  | { outcome: 'busy'; retryAfterMs: number }
  | { outcome: 'failed'; reason: string; retryable: boolean; retryAfterMs?: number };

export const DEFAULT_DIGEST_LEASE_MS = 5 * 60_000;

/** A lease owner id for this process: host, pid and a random suffix (restarts get a new one). */
export function digestOwnerId(host: string, pid: number): string {
  return `${host}-${pid}-${randomBytes(4).toString('hex')}`;
}

export async function sendDigest(
  channel: ChannelConfig,
  date: string,
  prepare: () => Promise<PreparedDigest>,
  deps: SendDigestDeps,
  options: { retryFailed?: boolean } = {},
): Promise<SendDigestOutcome> {
  const { store, owner, logger } = deps;
  const leaseMs = deps.leaseMs ?? DEFAULT_DIGEST_LEASE_MS;
  const log = logger.child({ channel: channel.id, date });
  const claim = await store.claim(channel.id, date, owner, leaseMs, options);
  if (!claim.claimed) {
    if (claim.reason === 'done') return { outcome: 'already-done', record: claim.record };
    if (claim.reason === 'failed')
      return {
        outcome: 'failed',
        reason: `failed earlier: ${claim.record.lastError ?? 'unknown error'} (retry with raqib digest send)`,
        retryable: false,
      };
    return { outcome: 'busy', retryAfterMs: claim.busyForMs };
  }
  let record = claim.record;
  const resumed = record.pages !== null;
  deps.onProgress?.({ kind: 'claimed', resumed, posted: record.messageIds.length });

  if (record.pages === null) {
    let prepared: PreparedDigest;
    try {
      prepared = await prepare();
    } catch (error) {
      await store.release(channel.id, date, owner, { failed: false, error: (error as Error).message });
      throw error;
    }
    const frozen = await store.freeze(channel.id, date, owner, {
      ...prepared,
      nonce: randomBytes(12).toString('base64url'),
    });
    if (!frozen) return { outcome: 'busy', retryAfterMs: 1000 };
    record = frozen;
    deps.onProgress?.({
      kind: 'frozen',
      pages: prepared.pages.length,
      stories: prepared.storyCount,
      late: prepared.late,
    });
    log.info(
      { pages: prepared.pages.length, stories: prepared.storyCount, late: prepared.late },
      'digest frozen',
    );
  }

  const pages = record.pages ?? [];
  const messageIds = [...record.messageIds];
  for (let index = messageIds.length; index < pages.length; index++) {
    const page = pages[index] as DiscordMessagePayload;
    const nonce = `${record.nonce ?? 'digest'}-${index}`;
    const result = await postPage(deps.sender, channel, page, nonce, index, messageIds[0], date);
    if (!result.ok) {
      const failure = result.failure;
      const permanent = failure.kind === 'channel-broken' || failure.kind === 'rejected';
      const reason = 'reason' in failure ? failure.reason : `rate limited for ${failure.retryAfterMs} ms`;
      await store.release(channel.id, date, owner, { failed: permanent, error: reason });
      log.warn({ page: index, failure }, 'digest page failed');
      return {
        outcome: 'failed',
        reason,
        retryable: !permanent,
        ...(failure.kind === 'rate-limited' ? { retryAfterMs: failure.retryAfterMs } : {}),
      };
    }
    const recorded = await store.recordPage(channel.id, date, owner, index, result.value.messageId, leaseMs);
    if (!recorded) {
      log.error({ page: index }, 'digest lease lost while sending; another worker continues');
      return { outcome: 'busy', retryAfterMs: 1000 };
    }
    messageIds.push(result.value.messageId);
    deps.onProgress?.({ kind: 'page', index, total: pages.length, messageId: result.value.messageId });
  }

  const finished = await store.finish(channel.id, date, owner);
  if (!finished) return { outcome: 'busy', retryAfterMs: 1000 };
  log.info(
    { state: finished.state, messages: finished.messageIds.length, late: finished.late },
    'digest done',
  );
  return { outcome: finished.state === 'empty' ? 'empty' : 'sent', record: finished, resumed };
}

/** Page 0 is posted normally (a forum post for forum channels); later pages of a forum digest go into its post. */
function postPage(
  sender: DiscordSender,
  channel: ChannelConfig,
  page: DiscordMessagePayload,
  nonce: string,
  index: number,
  firstMessageId: string | undefined,
  date: string,
): Promise<SendResult<PostedMessage>> {
  if (channel.destination.kind === 'forum' && index > 0 && firstMessageId)
    return sender.postToThread(firstMessageId, page, nonce);
  return sender.post(channel, page, nonce, { threadName: `Daily digest · ${date}` });
}
