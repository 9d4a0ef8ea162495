/**
 * What digest sending needs from storage: one record per (channel, date) that is claimed with a lease before
 * anything is posted, freezes the pages once, and records each posted page, so a retry continues where a crash
 * stopped and never posts a page twice. Implemented by src/store/digests-repo.ts.
 */
import type { DiscordMessagePayload } from '../discord/discord-payload.js';

export type DigestState = 'pending' | 'sending' | 'sent' | 'empty' | 'failed';

export interface DigestRecord {
  channelId: string;
  /** YYYY-MM-DD in the channel's time zone. */
  date: string;
  state: DigestState;
  late: boolean;
  /** Posted pages' message ids, in page order: the send progress. */
  messageIds: string[];
  /** The frozen pages, once the send started; null before. */
  pages: DiscordMessagePayload[] | null;
  /** Base of the per-page Discord nonces. */
  nonce: string | null;
  attempts: number;
  lastError: string | null;
  scheduledFor: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  storyCount: number | null;
  leaseOwner: string | null;
  sentAt: string | null;
  createdAt: string;
}

export type DigestClaim =
  | { claimed: true; record: DigestRecord }
  /** `done`: sent or empty already; `failed`: failed for good (retry with `retryFailed`); `busy`: leased. */
  | { claimed: false; reason: 'done' | 'failed' | 'busy'; record: DigestRecord; busyForMs: number };

export interface FrozenDigest {
  pages: DiscordMessagePayload[];
  late: boolean;
  scheduledFor: Date;
  window: { start: Date; end: Date };
  storyCount: number;
  nonce: string;
}

export interface DigestStore {
  /**
   * Create the record if needed and take its lease, unless it is done, failed (and `retryFailed` is not set)
   * or leased by another owner whose lease has not run out.
   */
  claim(
    channelId: string,
    date: string,
    owner: string,
    leaseMs: number,
    options?: { retryFailed?: boolean },
  ): Promise<DigestClaim>;
  /** Store the pages, window and late flag once (only while `owner` holds the lease and none are stored). */
  freeze(channelId: string, date: string, owner: string, frozen: FrozenDigest): Promise<DigestRecord | null>;
  /** Append page `index`'s message id; false when `owner` lost the lease or the page was already recorded. */
  recordPage(
    channelId: string,
    date: string,
    owner: string,
    index: number,
    messageId: string,
    leaseMs: number,
  ): Promise<boolean>;
  /** Mark sent (or empty when there were no pages) once every page is recorded; releases the lease. */
  finish(channelId: string, date: string, owner: string): Promise<DigestRecord | null>;
  /** Give the lease back, recording why; `failed` stops automatic retries. */
  release(
    channelId: string,
    date: string,
    owner: string,
    next: { failed: boolean; error: string },
  ): Promise<void>;
  get(channelId: string, date: string): Promise<DigestRecord | null>;
  /** The most recent finished (sent or empty) digest of the channel dated before `date`. */
  previousFinished(channelId: string, date: string): Promise<DigestRecord | null>;
  /** Whether the channel has any digest record dated before `date` (digests ran before). */
  hasEarlier(channelId: string, date: string): Promise<boolean>;
}
