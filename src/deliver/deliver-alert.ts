/**
 * Delivers one story to one channel exactly once: post it the first time, edit it in place when the story
 * changed, and announce follow-up reports in its thread.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChannelConfig } from '../config/channels.js';
import type { DiscordSender, PostedMessage, SendFailure } from './discord/discord-sender.js';
import { formatAlert, formatThreadName, type AlertView } from './discord/format-alert.js';
import { formatFollowUp } from './discord/format-follow-up.js';
import type { DeliveryRecord, DeliveryStore } from './delivery-store.js';

export type DeliveryOutcome =
  | { kind: 'posted'; messageId: string }
  | { kind: 'edited'; messageId: string }
  | { kind: 'unchanged' }
  | { kind: 'skipped'; reason: string }
  /** Another worker holds the record: try again when its lease ends. */
  | { kind: 'busy'; retryAfterMs: number }
  /** Discord said 429; `global` when the whole bot (not just this route) is limited. */
  | { kind: 'rate-limited'; retryAfterMs: number; global: boolean }
  | { kind: 'retryable'; reason: string }
  /** Out of attempts or refused by Discord: the record is `failed`; `raqib deliveries retry` restores it. */
  | { kind: 'failed'; reason: string }
  /** The channel is paused (now or earlier); the record is `paused` and kept. */
  | { kind: 'channel-broken'; reason: string };

export interface DeliverAlertDeps {
  deliveries: DeliveryStore;
  sender: DiscordSender;
  loadView: (storyId: string) => Promise<AlertView | null>;
  /** Configured channels by `ChannelConfig.id`. */
  channels: Map<string, ChannelConfig>;
  logger: Logger;
  /** How long a claim keeps other workers away; longer than one Discord call can take. @defaultValue 90000 */
  leaseMs?: number;
  /** Identifies this attempt's lease. @defaultValue a random UUID per call */
  owner?: string;
}

export interface DeliveryJobInput {
  storyId: string;
  channelId: string;
  /** This is the queue's last attempt: a retryable failure becomes `failed`. @defaultValue false */
  finalAttempt?: boolean;
}

/** Default lease: above discord.js's 15 s request timeout plus its in-process retries. */
export const defaultLeaseMs = 90_000;

/**
 * Run one delivery job. The record is claimed before the Discord call and updated after it; the post carries
 * the record's nonce, so re-running after a crash between the two returns the first message instead of posting
 * a second one.
 */
export async function deliverAlert(job: DeliveryJobInput, deps: DeliverAlertDeps): Promise<DeliveryOutcome> {
  const { deliveries, logger } = deps;
  const log = logger.child({ storyId: job.storyId, channelId: job.channelId });
  const channel = deps.channels.get(job.channelId);
  if (!channel) return { kind: 'skipped', reason: `channel ${job.channelId} is not configured` };

  const record = await deliveries.ensure(job.storyId, job.channelId);
  if (isDone(record, channel) && record.state === 'posted') return { kind: 'unchanged' };
  const owner = deps.owner ?? randomUUID();
  const claim = await deliveries.claim(record.id, owner, deps.leaseMs ?? defaultLeaseMs);
  if (!claim.claimed) return { kind: 'busy', retryAfterMs: claim.busyForMs };
  const current = claim.record;

  const pause = await deliveries.getChannelPause(channel.id);
  if (pause) {
    await deliveries.release(current.id, owner, {
      state: 'paused',
      error: pause.reason,
      refundAttempt: true,
    });
    return { kind: 'channel-broken', reason: pause.reason };
  }
  const view = await deps.loadView(job.storyId);
  if (!view) {
    await deliveries.release(current.id, owner, {
      state: 'failed',
      error: 'story not found',
      refundAttempt: true,
    });
    return { kind: 'failed', reason: `story ${job.storyId} not found` };
  }
  const payload = formatAlert(view, channel);
  const version = current.contentVersion;

  let message: PostedMessage;
  let outcome: DeliveryOutcome;
  if (current.discordMessageId === null) {
    const sent = await deps.sender.post(channel, payload, current.nonce, {
      threadName: formatThreadName(view),
    });
    if (!sent.ok) return fail(sent.failure, current, owner, job, deps, log);
    message = sent.value;
    await deliveries.recordPosted(current.id, message, version);
    log.info({ messageId: message.messageId }, 'alert posted');
    outcome = { kind: 'posted', messageId: message.messageId };
  } else {
    message = { messageId: current.discordMessageId, messageChannelId: current.messageChannelId ?? '' };
    if (current.postedVersion < version) {
      const edited = await deps.sender.edit(channel, message, payload);
      if (!edited.ok && edited.failure.kind === 'message-missing') {
        // A moderator deleted the alert: respect that, never re-post it.
        await deliveries.release(current.id, owner, { state: 'posted', error: edited.failure.reason });
        return { kind: 'skipped', reason: 'alert message was deleted on Discord' };
      }
      if (!edited.ok) return fail(edited.failure, current, owner, job, deps, log);
      await deliveries.recordPosted(current.id, null, version);
      log.info({ messageId: message.messageId, version }, 'alert edited');
      outcome = { kind: 'edited', messageId: message.messageId };
    } else {
      await deliveries.recordPosted(current.id, null, version);
      outcome = { kind: 'unchanged' };
    }
  }
  if (channel.followUpThread && channel.destination.kind === 'channel') {
    await updateThread(current, message, view, deps, log);
  }
  return outcome;
}

function isDone(record: DeliveryRecord, channel: ChannelConfig): boolean {
  return (
    record.discordMessageId !== null &&
    record.postedVersion >= record.contentVersion &&
    (!channel.followUpThread || record.threadId !== null)
  );
}

/**
 * Open the follow-up thread once and announce reports not announced yet. Failures here are logged, not
 * retried: the alert itself is delivered, and the next story update tries again.
 */
async function updateThread(
  record: DeliveryRecord,
  message: PostedMessage,
  view: AlertView,
  deps: DeliverAlertDeps,
  log: Logger,
): Promise<void> {
  let threadId = record.threadId;
  if (threadId === null) {
    const started = await deps.sender.startThread(
      deps.channels.get(record.channelId) as ChannelConfig,
      message,
      formatThreadName(view),
    );
    if (!started.ok) {
      log.warn({ failure: started.failure }, 'could not open follow-up thread');
      return;
    }
    threadId = started.value;
    // Reports known at posting time are in the alert itself; only later ones go to the thread.
    await deps.deliveries.recordThread(record.id, threadId, view.alsoReportedBy.length);
    return;
  }
  const fresh = view.alsoReportedBy.slice(record.threadPostedCount);
  if (fresh.length === 0) return;
  const nonce = `${record.nonce}f${record.threadPostedCount}`.slice(0, 25);
  const sent = await deps.sender.postToThread(
    threadId,
    formatFollowUp(fresh, deps.channels.get(record.channelId)?.language ?? 'both'),
    nonce,
  );
  if (!sent.ok) {
    log.warn({ failure: sent.failure }, 'could not post follow-up');
    return;
  }
  await deps.deliveries.recordThread(record.id, threadId, view.alsoReportedBy.length);
}

async function fail(
  failure: SendFailure,
  record: DeliveryRecord,
  owner: string,
  job: DeliveryJobInput,
  deps: DeliverAlertDeps,
  log: Logger,
): Promise<DeliveryOutcome> {
  const { deliveries } = deps;
  switch (failure.kind) {
    case 'rate-limited':
      await deliveries.release(record.id, owner, { state: 'pending', error: null, refundAttempt: true });
      return { kind: 'rate-limited', retryAfterMs: failure.retryAfterMs, global: failure.global };
    case 'channel-broken':
      log.warn({ reason: failure.reason }, 'Discord refused the channel: pausing it');
      await deliveries.pauseChannel(record.channelId, failure.reason);
      await deliveries.release(record.id, owner, { state: 'paused', error: failure.reason });
      return { kind: 'channel-broken', reason: failure.reason };
    case 'retryable':
      if (job.finalAttempt) {
        await deliveries.release(record.id, owner, { state: 'failed', error: failure.reason });
        return { kind: 'failed', reason: failure.reason };
      }
      await deliveries.release(record.id, owner, { state: 'pending', error: failure.reason });
      return { kind: 'retryable', reason: failure.reason };
    case 'message-missing':
    case 'rejected':
      log.error({ reason: failure.reason }, 'Discord rejected the alert');
      await deliveries.release(record.id, owner, { state: 'failed', error: failure.reason });
      return { kind: 'failed', reason: failure.reason };
  }
}
