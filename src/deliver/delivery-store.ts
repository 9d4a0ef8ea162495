/**
 * What delivery needs from storage. src/store/deliveries-repo.ts implements it on PostgreSQL/PGlite.
 */

export type DeliveryState = 'pending' | 'posting' | 'posted' | 'failed' | 'paused';

/** One alert in one channel: the exactly-once record, written before and after each Discord call. */
export interface DeliveryRecord {
  id: string;
  storyId: string;
  channelId: string;
  state: DeliveryState;
  /** Set once the alert exists on Discord; never cleared, so a re-run edits instead of posting. */
  discordMessageId: string | null;
  /** Channel (or forum post / thread) holding the message. */
  messageChannelId: string | null;
  /** Follow-up thread opened on the alert. */
  threadId: string | null;
  /** How many `alsoReportedBy` entries were already announced in the thread. */
  threadPostedCount: number;
  /** Sent as Discord's `nonce` with `enforce_nonce`; ≤ 16 characters. */
  nonce: string;
  attempts: number;
  lastError: string | null;
  /** Bumped when the story changes (another outlet, a revision); an edit is due while it exceeds postedVersion. */
  contentVersion: number;
  postedVersion: number;
  createdAt: string;
  updatedAt: string;
  postedAt: string | null;
}

/** A channel that Discord refused (401/403/404): nothing is sent to it until an operator resumes it. */
export interface ChannelPause {
  channelId: string;
  reason: string;
  pausedAt: string;
}

export type ClaimResult = { claimed: true; record: DeliveryRecord } | { claimed: false; busyForMs: number };

export interface DeliveryStore {
  /** The record for (story, channel), created `pending` with a fresh nonce when absent. */
  ensure(storyId: string, channelId: string): Promise<DeliveryRecord>;
  /**
   * Take the record for `owner` for `leaseMs` (state `posting`, one attempt counted). Fails while another owner
   * holds an unexpired lease, so two workers never send the same alert at once.
   */
  claim(id: string, owner: string, leaseMs: number): Promise<ClaimResult>;
  /** The alert exists on Discord at `version`; `message` is null for an edit. Ends the lease. */
  recordPosted(
    id: string,
    message: { messageId: string; messageChannelId: string } | null,
    version: number,
  ): Promise<void>;
  recordThread(id: string, threadId: string, postedCount: number): Promise<void>;
  /** End `owner`'s lease with a new state; `refundAttempt` when the try did not count (rate limit). */
  release(
    id: string,
    owner: string,
    next: {
      state: 'pending' | 'failed' | 'paused' | 'posted';
      error: string | null;
      refundAttempt?: boolean;
    },
  ): Promise<void>;
  getChannelPause(channelId: string): Promise<ChannelPause | null>;
  pauseChannel(channelId: string, reason: string): Promise<void>;
}
