/**
 * Wires the daily digest: one BullMQ job scheduler per channel (cron pattern in the channel's time zone, upserted
 * by key so replicas keep one), the worker processor, and the start-up catch-up that queues a digest missed while
 * raqib was down. Exactly-once rests on the digests record (claimed before anything is posted), not on the queue.
 */
import { DelayedError, UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { PipelineMetrics } from '../../app/metrics/metrics.js';
import type { ChannelConfig } from '../../config/channels.js';
import type { DiscordSender } from '../../deliver/discord/discord-sender.js';
import { cronPattern, digestSettings, latestDueDate } from '../../digest/digest-schedule.js';
import { digestJobSchema, parseJob } from '../../queues/job-schemas.js';
import { RaqibError } from '../../shared/errors.js';
import type { Db } from '../../store/db.js';
import { createDigestsRepo } from '../../store/digests-repo.js';
import type { DigestSetup } from './load-digest.js';
import { sendChannelDigest, type ChannelDigestResult } from './send-channel-digest.js';

export const DIGEST_JOB_NAME = 'digest';
const SCHEDULER_PREFIX = 'digest-';
export const digestSchedulerKey = (channelId: string) => `${SCHEDULER_PREFIX}${channelId}`;
/**
 * Job id of a catch-up run for one date and record attempt count: two replicas starting at once queue it once,
 * and a later start queues a fresh job even when an exhausted one is still kept.
 */
export const digestJobId = (channelId: string, date: string, attempts = 0) =>
  `digest-${channelId}-${date}-a${attempts}`;

/** Attempts and backoff of digest jobs: ~10 s … 20 min, about 40 min in all. */
export const digestJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { count: 500 },
  removeOnFail: { count: 500 },
} as const;

/**
 * Upsert one scheduler per channel with a digest and remove digest schedulers of channels that are gone or no
 * longer have one. Safe to run from every replica at once.
 */
export async function upsertDigestSchedules(
  queue: Queue,
  channels: readonly ChannelConfig[],
): Promise<number> {
  const wanted = new Map<string, ChannelConfig>();
  for (const channel of channels) if (channel.digest) wanted.set(digestSchedulerKey(channel.id), channel);
  for (const [key, channel] of wanted) {
    const settings = digestSettings(channel);
    await queue.upsertJobScheduler(
      key,
      { pattern: cronPattern(settings.time), tz: settings.timeZone },
      { name: DIGEST_JOB_NAME, data: { channelId: channel.id }, opts: digestJobOptions },
    );
  }
  for (const scheduler of await queue.getJobSchedulers(0, -1)) {
    if (scheduler.key.startsWith(SCHEDULER_PREFIX) && !wanted.has(scheduler.key))
      await queue.removeJobScheduler(scheduler.key);
  }
  return wanted.size;
}

/**
 * Queue the latest due digest of every channel whose digest is not done: missed while raqib was down, or
 * interrupted. A channel whose digests never ran before (a first start after the scheduled time) is left alone.
 * @returns the (channel, date) pairs queued.
 */
export async function catchUpDigests(
  db: Db,
  queue: Queue,
  channels: readonly ChannelConfig[],
  now: Date,
): Promise<Array<{ channelId: string; date: string }>> {
  const repo = createDigestsRepo(db);
  const queued: Array<{ channelId: string; date: string }> = [];
  for (const channel of channels) {
    if (!channel.digest) continue;
    const date = latestDueDate(now, digestSettings(channel));
    const record = await repo.get(channel.id, date);
    if (record && record.state !== 'pending' && record.state !== 'sending') continue;
    if (!record && !(await repo.hasEarlier(channel.id, date))) continue;
    await queue.add(
      DIGEST_JOB_NAME,
      { channelId: channel.id, date },
      { ...digestJobOptions, jobId: digestJobId(channel.id, date, record?.attempts ?? 0) },
    );
    queued.push({ channelId: channel.id, date });
  }
  return queued;
}

export interface DigestProcessorDeps {
  db: Db;
  setup: DigestSetup;
  sender: DiscordSender;
  logger: Logger;
  owner: string;
  now: () => Date;
  leaseMs?: number;
  /** PUBLIC_DASHBOARD_URL, for the digest's short links. @defaultValue undefined */
  publicDashboardUrl?: string | undefined;
  /** A job that finds the digest leased elsewhere looks again after at most this long. @defaultValue 15000 */
  busyRecheckMs?: number;
  /** Counts each run's outcome per channel (raqib_digests_total). */
  metrics?: Pick<PipelineMetrics, 'digestFinished'> | undefined;
}

/**
 * The digest worker's processor. Done, sent or empty → completes; busy (another worker holds the lease) →
 * delayed until the lease may have ended (no attempt used); a retryable Discord failure → thrown for BullMQ's
 * backoff; a refused channel or request → fails for good (the
 * record says `failed`; `raqib digest send` retries it).
 */
export function createDigestProcessor(deps: DigestProcessorDeps) {
  return async (job: Job, token?: string): Promise<ChannelDigestResult | { skipped: string }> => {
    const data = parseJob(digestJobSchema, 'digest', job.data);
    const channel = deps.setup.channels.find((c) => c.id === data.channelId);
    if (!channel || (!channel.digest && !data.manual)) {
      deps.logger.info({ channel: data.channelId }, 'digest job for a channel without digest: skipped');
      return { skipped: 'no such channel or no digest configured' };
    }
    const result = await sendChannelDigest(deps, {
      channelId: data.channelId,
      date: data.date,
      manual: data.manual ?? false,
    });
    deps.metrics?.digestFinished(result.channelId, result.outcome);
    if (result.outcome === 'busy') {
      // Another worker holds the lease: look again when it may have ended, without using an attempt.
      const wait = Math.min(result.retryAfterMs, deps.busyRecheckMs ?? 15_000);
      if (token) {
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
      throw new RaqibError(
        'digest-busy',
        `digest ${result.channelId} ${result.date} is being sent elsewhere`,
        {
          retryable: true,
        },
      );
    }
    if (result.outcome === 'failed') {
      if (!result.retryable) throw new UnrecoverableError(result.reason);
      throw new RaqibError('digest-send', result.reason, { retryable: true });
    }
    return result;
  };
}
