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
import { chooseLink } from './discord/link-choice.js';
import { applyDeliveryMarks, deliveryMarker, payloadHash } from './discord/delivery-marks.js';
import type { DeliveryRecord, DeliveryStore } from './delivery-store.js';
import { inBacklog, waitsForOlder, wakeNext } from './outage-drain.js';

export type DeliveryOutcome =
  | {
      kind: 'posted';
      messageId: string;
      /** Found on Discord after a lost answer, not posted again. */ found?: boolean;
    }
  | { kind: 'edited'; messageId: string }
  | { kind: 'unchanged' }
  | { kind: 'skipped'; reason: string }
  /** Another worker holds the record: try again when its lease ends. */
  | { kind: 'busy'; retryAfterMs: number }
  /** Discord said 429; `global` when the whole bot (not just this route) is limited. */
  | { kind: 'rate-limited'; retryAfterMs: number; global: boolean }
  | { kind: 'retryable'; reason: string }
  /**
   * Not a failed attempt: the channel's outage circuit is open (or this was the last attempt of a passing
   * failure): try again in `retryAfterMs`.
   */
  | { kind: 'waiting'; retryAfterMs: number; reason: string }
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
  /** How long a claim keeps other workers away; renewed while the job runs. @defaultValue 15000 */
  leaseMs?: number;
  /** Identifies this attempt's lease. @defaultValue a random UUID per call */
  owner?: string;
  /** How often the lease is renewed while the job runs. @defaultValue leaseMs / 3 */
  heartbeatMs?: number;
  /** Look for the message before re-posting after an uncertain try. @defaultValue true */
  lookBeforeRetry?: boolean;
  /** Outage circuit and delayed-alert settings. @defaultValue {@link defaultOutagePolicy} */
  outage?: Partial<OutagePolicy>;
  now?: () => Date;
  /**
   * Run the delivery job of (story, channel, version) now if it is waiting for its timer: the outage backlog's
   * chain (outage-drain.ts). @defaultValue undefined (each job runs at its timer)
   */
  wake?: (storyId: string, channelId: string, contentVersion: number) => Promise<void>;
}

/** When a channel's circuit opens, how it probes, and when an alert counts as delayed. */
export interface OutagePolicy {
  /** Outage-like failures (5xx, timeout, connection) in a row that open the circuit. */
  threshold: number;
  /** First probe this long after opening; doubles per failed probe up to `probeMaxMs`. */
  probeBaseMs: number;
  probeMaxMs: number;
  /** Spacing of the backlog after the probe, in publication order. */
  backlogPaceMs: number;
  /** An alert posted longer than this after its record was created carries a "delayed" field; null = never. */
  delayedAfterMs: number | null;
  /** Wait between tries of a passing failure once the queue's attempts are used up. */
  lastAttemptWaitMs: number;
  /**
   * After a circuit closes, an alert of its backlog waits while an older one is unposted, as long as a backlog alert
   * was posted within this time (the drain progresses; a stalled head holds the others at most this long).
   */
  drainMs: number;
}

export const defaultOutagePolicy: OutagePolicy = {
  threshold: 5,
  probeBaseMs: 5_000,
  probeMaxMs: 60_000,
  backlogPaceMs: 100,
  delayedAfterMs: 10 * 60_000,
  lastAttemptWaitMs: 5 * 60_000,
  drainMs: 60_000,
};

/** The probe delay after `probes` failed probes. */
export function probeDelayMs(policy: OutagePolicy, probes: number): number {
  return Math.min(policy.probeMaxMs, policy.probeBaseMs * 2 ** Math.max(0, probes));
}

export interface DeliveryJobInput {
  storyId: string;
  channelId: string;
  /** This is the queue's last attempt: a retryable failure becomes `failed`. @defaultValue false */
  finalAttempt?: boolean;
}

/**
 * Default lease: renewed every third of it while the job runs, so a killed process's claim passes to another
 * worker within this time.
 */
export const defaultLeaseMs = 15_000;

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
  const leaseMs = deps.leaseMs ?? defaultLeaseMs;
  const claim = await deliveries.claim(record.id, owner, leaseMs);
  if (!claim.claimed) return { kind: 'busy', retryAfterMs: claim.busyForMs };
  // Heartbeat: the lease stays short, so a dead process's claim is free within one lease.
  const heartbeat = setInterval(
    () => void deliveries.renew(record.id, owner, leaseMs).catch(() => undefined),
    Math.max(200, deps.heartbeatMs ?? Math.floor(leaseMs / 3)),
  );
  heartbeat.unref();
  try {
    return await deliverClaimed(claim.record, channel, owner, job, deps, log);
  } finally {
    clearInterval(heartbeat);
  }
}

async function deliverClaimed(
  current: DeliveryRecord,
  channel: ChannelConfig,
  owner: string,
  job: DeliveryJobInput,
  deps: DeliverAlertDeps,
  log: Logger,
): Promise<DeliveryOutcome> {
  const { deliveries } = deps;
  const policy = { ...defaultOutagePolicy, ...deps.outage };
  const now = deps.now ?? (() => new Date());

  const pause = await deliveries.getChannelPause(channel.id);
  if (pause) {
    await deliveries.release(current.id, owner, {
      state: 'paused',
      error: pause.reason,
      refundAttempt: true,
    });
    return { kind: 'channel-broken', reason: pause.reason };
  }
  const circuit = await deliveries.getCircuit(channel.id);
  if (circuit?.openedAt) {
    const probeIn = Date.parse(circuit.nextProbeAt ?? '') - now().getTime();
    // One delivery probes when the time has come: the oldest of the backlog (so the first post after the outage is
    // the oldest alert). When the probe is overdue (the oldest one's timer late), a younger one wakes the oldest's
    // job instead; only past the probe's hold (the oldest one's job may be gone) does any delivery probe.
    const oldest = probeIn <= 0 && (await deliveries.backlogRank(channel.id, current.createdAt)) === 0;
    const isProbe =
      probeIn <= 0 &&
      (oldest || probeIn < -policy.probeMaxMs) &&
      (await deliveries.takeProbe(channel.id, policy.probeMaxMs));
    if (!isProbe) {
      if (probeIn < -2 * policy.probeBaseMs && !oldest)
        await wakeNext(channel.id, now().toISOString(), deliveries, deps.wake);
      return waitForCircuit(current, owner, probeIn > 0 ? probeIn : policy.probeBaseMs, deps, policy);
    }
    log.info({ channelId: channel.id, probes: circuit.probes }, 'probing a channel whose circuit is open');
  } else if (
    inBacklog(current, circuit) &&
    (await waitsForOlder(current, circuit, deliveries, policy, now().getTime()))
  ) {
    // The backlog of an outage goes out oldest first: wait while an older alert of the channel is unposted. The
    // post before this one wakes it; the timer (longer the further back in the line) is the fallback.
    return waitForCircuit(current, owner, policy.backlogPaceMs, deps, policy, true);
  }
  // After this post, the next of the backlog is woken (the probe's post starts the chain).
  const drains = circuit?.openedAt != null || inBacklog(current, circuit);
  const view = await deps.loadView(job.storyId);
  if (!view) {
    await deliveries.release(current.id, owner, {
      state: 'failed',
      error: 'story not found',
      refundAttempt: true,
    });
    return { kind: 'failed', reason: `story ${job.storyId} not found` };
  }
  const marker = deliveryMarker(current.nonce);
  const waited = Date.parse(current.postedAt ?? now().toISOString()) - Date.parse(current.createdAt);
  const delayedMs = policy.delayedAfterMs !== null && waited > policy.delayedAfterMs ? waited : null;
  const payload = applyDeliveryMarks(formatAlert(view, channel), { marker, delayedMs });
  const hash = payloadHash(payload);
  const version = current.contentVersion;

  let message: PostedMessage;
  let outcome: DeliveryOutcome;
  if (current.discordMessageId === null) {
    // An earlier try may have created the message without the answer reaching us: look before posting again.
    if (current.uncertainSince !== null && deps.lookBeforeRetry !== false && deps.sender.findPosted) {
      const found = await deps.sender.findPosted(channel, marker, new Date(current.uncertainSince));
      if (!found.ok) return fail(found.failure, current, owner, job, deps, log, false);
      if (found.value.kind === 'found') {
        message = found.value.message;
        // The try that created it may have sent an older version of the story (a later report came in since):
        // then the message is recorded at an older version and edited to this one (found by `chaos`: a later
        // report never shown on one channel).
        const older = version > 0;
        await deliveries.recordPosted(
          current.id,
          message,
          older ? version - 1 : version,
          older ? null : hash,
        );
        if (older) {
          const edited = await deps.sender.edit(channel, message, payload, { view });
          if (!edited.ok) return fail(edited.failure, current, owner, job, deps, log, false);
          await deliveries.recordPosted(current.id, null, version, hash);
        }
        await deliveries.closeCircuit(channel.id);
        if (drains) await wakeNextOf(channel.id, deps);
        log.info(
          { messageId: message.messageId },
          'alert found on Discord after a lost answer: not posted again',
        );
        outcome = { kind: 'posted', messageId: message.messageId, found: true };
        if (channel.followUpThread && channel.destination.kind === 'channel') {
          await updateThread(current, message, view, deps, log);
        }
        return outcome;
      }
      if (found.value.kind === 'unsupported')
        log.debug({ reason: found.value.reason }, 'cannot look for the alert');
    }
    const firstTry = current.uncertainSince === null;
    await deliveries.markUncertain(current.id);
    const sent = await deps.sender.post(channel, payload, current.nonce, {
      threadName: formatThreadName(view),
      view,
    });
    if (!sent.ok) return fail(sent.failure, current, owner, job, deps, log, firstTry);
    message = sent.value;
    await deliveries.recordPosted(current.id, message, version, hash);
    log.info({ messageId: message.messageId }, 'alert posted');
    outcome = { kind: 'posted', messageId: message.messageId };
  } else {
    message = { messageId: current.discordMessageId, messageChannelId: current.messageChannelId ?? '' };
    if (current.postedVersion < version && current.postedHash === hash) {
      // The story changed in the store but not in what the message shows: no edit.
      await deliveries.recordPosted(current.id, null, version);
      log.debug({ messageId: message.messageId, version }, 'edit skipped: the message would not change');
      outcome = { kind: 'unchanged' };
    } else if (current.postedVersion < version) {
      const edited = await deps.sender.edit(channel, message, payload, { view });
      if (!edited.ok && edited.failure.kind === 'message-missing') {
        // A moderator deleted the alert: respect that, never re-post it (and do not try this version again).
        log.info({ reason: edited.failure.reason }, 'alert message was deleted on Discord');
        await deliveries.recordPosted(current.id, null, version);
        return { kind: 'skipped', reason: 'alert message was deleted on Discord' };
      }
      if (!edited.ok) return fail(edited.failure, current, owner, job, deps, log, false);
      await deliveries.recordPosted(current.id, null, version, hash);
      log.info({ messageId: message.messageId, version }, 'alert edited');
      outcome = { kind: 'edited', messageId: message.messageId };
    } else {
      await deliveries.recordPosted(current.id, null, version);
      outcome = { kind: 'unchanged' };
    }
  }
  await deliveries.closeCircuit(channel.id);
  if (drains && outcome.kind === 'posted') await wakeNextOf(channel.id, deps);
  if (channel.followUpThread && channel.destination.kind === 'channel') {
    await updateThread(current, message, view, deps, log);
  }
  return outcome;
}

/** Wake the next alert of the channel's backlog (see outage-drain.ts). */
async function wakeNextOf(channelId: string, deps: DeliverAlertDeps): Promise<void> {
  const closedAt = (await deps.deliveries.getCircuit(channelId))?.closedAt;
  if (closedAt) await wakeNext(channelId, closedAt, deps.deliveries, deps.wake);
}

/** Release the record without using an attempt and wait for the circuit's probe, in publication order. */
async function waitForCircuit(
  record: DeliveryRecord,
  owner: string,
  waitMs: number,
  deps: DeliverAlertDeps,
  policy: OutagePolicy,
  /** Waiting for an older alert of a draining backlog: when it was posted meanwhile, try again at once. */
  draining = false,
): Promise<DeliveryOutcome> {
  await deps.deliveries.release(record.id, owner, { state: 'pending', error: null, refundAttempt: true });
  const rank = await deps.deliveries.backlogRank(record.channelId, record.createdAt);
  return {
    kind: 'waiting',
    retryAfterMs: draining && rank === 0 ? policy.backlogPaceMs : waitMs + rank * policy.backlogPaceMs,
    reason: 'channel circuit open (Discord unreachable)',
  };
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
  let fresh = view.alsoReportedBy.slice(record.threadPostedCount);
  if (fresh.length === 0) return;
  if (deps.sender.threadContents) {
    // An earlier try may have posted the follow-up without its answer reaching us (and Discord's nonce window
    // may have passed): announce only the reports the thread does not name yet.
    const seen = await deps.sender.threadContents(threadId);
    if (!seen.ok) {
      log.warn({ failure: seen.failure }, 'could not read the follow-up thread');
      return;
    }
    const text = seen.value.join('\n');
    fresh = fresh.filter((report) => {
      const url = chooseLink(report)?.url;
      return url === undefined || !text.includes(`(<${url}>)`);
    });
    if (fresh.length === 0) {
      await deps.deliveries.recordThread(record.id, threadId, view.alsoReportedBy.length);
      return;
    }
  }
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
  /** This try marked the record uncertain itself (no earlier try may have created the message). */
  firstTry: boolean,
): Promise<DeliveryOutcome> {
  const { deliveries } = deps;
  const policy = { ...defaultOutagePolicy, ...deps.outage };
  switch (failure.kind) {
    case 'rate-limited':
      // A 429 created nothing: when no earlier try was uncertain, the next one need not look first. It is also an
      // answer: Discord is reachable, so an open circuit closes (the backlog then follows the rate limits).
      await deliveries.closeCircuit(record.channelId);
      await deliveries.release(record.id, owner, {
        state: 'pending',
        error: null,
        refundAttempt: true,
        clearUncertain: firstTry,
      });
      return { kind: 'rate-limited', retryAfterMs: failure.retryAfterMs, global: failure.global };
    case 'channel-broken':
      log.warn({ reason: failure.reason }, 'Discord refused the channel: pausing it');
      await deliveries.pauseChannel(record.channelId, failure.reason);
      await deliveries.release(record.id, owner, { state: 'paused', error: failure.reason });
      return { kind: 'channel-broken', reason: failure.reason };
    case 'retryable': {
      // 5xx, timeout, connection: an outage-like failure. Enough in a row open the channel's circuit, and the
      // backlog waits for the probe without using attempts. A passing failure is never `failed`.
      const circuit = await deliveries.recordOutageFailure(
        record.channelId,
        failure.reason,
        policy.threshold,
        (n) => probeDelayMs(policy, n),
      );
      if (circuit.openedAt !== null) {
        log.warn(
          { reason: failure.reason, probes: circuit.probes },
          'Discord unreachable: channel circuit open',
        );
        await deliveries.release(record.id, owner, {
          state: 'pending',
          error: failure.reason,
          refundAttempt: true,
        });
        const probeIn = Math.max(0, Date.parse(circuit.nextProbeAt ?? '') - Date.now());
        const rank = await deliveries.backlogRank(record.channelId, record.createdAt);
        return {
          kind: 'waiting',
          retryAfterMs: probeIn + rank * policy.backlogPaceMs,
          reason: failure.reason,
        };
      }
      if (job.finalAttempt) {
        await deliveries.release(record.id, owner, {
          state: 'pending',
          error: failure.reason,
          refundAttempt: true,
        });
        return { kind: 'waiting', retryAfterMs: policy.lastAttemptWaitMs, reason: failure.reason };
      }
      await deliveries.release(record.id, owner, { state: 'pending', error: failure.reason });
      return { kind: 'retryable', reason: failure.reason };
    }
    case 'message-missing':
    case 'rejected':
      log.error({ reason: failure.reason }, 'Discord rejected the alert');
      await deliveries.release(record.id, owner, { state: 'failed', error: failure.reason });
      return { kind: 'failed', reason: failure.reason };
  }
}
