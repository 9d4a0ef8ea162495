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
  /** Hash of the last payload Discord accepted (post or edit); an edit with the same hash is not sent. */
  postedHash: string | null;
  /**
   * Set when a post may have reached Discord without an answer (timeout, connection lost, 5xx): the next try
   * looks for the message before posting again.
   */
  uncertainSince: string | null;
}

/** A channel's outage circuit: open after sustained 5xx/timeouts; deliveries wait for `nextProbeAt`. */
export interface ChannelCircuit {
  channelId: string;
  failures: number;
  openedAt: string | null;
  nextProbeAt: string | null;
  probes: number;
  /** When an open circuit last closed: its backlog is posted oldest first for a while after. */
  closedAt: string | null;
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
  /** Extend `owner`'s lease (a heartbeat while the job runs); false when the lease was lost. */
  renew(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * The alert exists on Discord at `version`; `message` is null for an edit; `hash` of the payload sent (null:
   * keep the stored one). Ends the lease and clears the uncertain mark.
   */
  recordPosted(
    id: string,
    message: { messageId: string; messageChannelId: string } | null,
    version: number,
    hash?: string | null,
  ): Promise<void>;
  /** A post whose answer was lost: the next try looks for the message first (keeps the first mark). */
  markUncertain(id: string): Promise<void>;
  recordThread(id: string, threadId: string, postedCount: number): Promise<void>;
  /** End `owner`'s lease with a new state; `refundAttempt` when the try did not count (rate limit). */
  release(
    id: string,
    owner: string,
    next: {
      state: 'pending' | 'failed' | 'paused' | 'posted';
      error: string | null;
      refundAttempt?: boolean;
      /** The try certainly created nothing (a 429) and no earlier try was uncertain. */
      clearUncertain?: boolean;
    },
  ): Promise<void>;
  getChannelPause(channelId: string): Promise<ChannelPause | null>;
  /** The channel's circuit (null: closed, never failed). */
  getCircuit(channelId: string): Promise<ChannelCircuit | null>;
  /**
   * Count one outage-like failure; open the circuit when `threshold` follow in a row (or push an open circuit's
   * next probe to `nextProbeInMs(probes)`). Returns the circuit after the update.
   */
  recordOutageFailure(
    channelId: string,
    reason: string,
    threshold: number,
    nextProbeInMs: (probes: number) => number,
  ): Promise<ChannelCircuit>;
  /**
   * Take the probe of an open circuit whose probe time has come: moves its next probe `holdMs` ahead so only
   * one delivery probes at a time. True when this caller is the probe.
   */
  takeProbe(channelId: string, holdMs: number): Promise<boolean>;
  /** Discord answered: close the circuit. */
  closeCircuit(channelId: string): Promise<void>;
  /** Pending deliveries of the channel created before `createdAt` (its place in an outage backlog). */
  backlogRank(channelId: string, createdAt: string): Promise<number>;
  /**
   * The oldest `pending` delivery of the channel not on Discord yet, created before `before` (the next of an
   * outage backlog), or null.
   */
  nextInBacklog(
    channelId: string,
    before: string,
  ): Promise<{ storyId: string; contentVersion: number } | null>;
  /**
   * When the channel last posted an alert of the backlog that waited for the circuit closed at `closedAt` (created
   * before it, posted after it); null when none yet. Tells whether the backlog's drain progresses.
   */
  backlogPostedAt(channelId: string, closedAt: string): Promise<string | null>;
  pauseChannel(channelId: string, reason: string): Promise<void>;
}
