/**
 * The reconciler: work recorded in PostgreSQL whose BullMQ job Redis no longer holds (Redis restarted without its
 * data, a failover to a lagging replica, an eviction, a crash between the two writes) is queued again.
 *
 * - delivery: a record `pending`, `posting` with an expired claim, or `posted` with an edit due, untouched for the
 *   grace time, whose job is gone or finished → its deliver job is added again. The job id is the same
 *   deterministic id the scheduler uses, so a job that still exists is never doubled, and the delivery record
 *   (nonce, look-before-retry) keeps the alert once on Discord.
 * - story: an item decided `alert` (within the story window) whose story has no delivery record at all (its
 *   article job was lost after storing the item and before scheduling the alert) → its deliveries are scheduled.
 *
 * Feed entries that never became an item are not stored anywhere before their article job, so nothing can find
 * them here: the next crawl that reads the feed queues every entry not stored yet.
 */
import type { Job } from 'bullmq';
import { deliveryJobId, deliveryJobName, deliveryJobOptions } from '../../deliver/delivery-processor.js';
import { createDeliveriesRepo } from '../../store/deliveries-repo.js';
import { recordReconcilerRun } from '../../store/reconciler-repo.js';
import { ensureStoryDeliveries } from '../deliver/schedule-deliveries.js';
import type { PipelineDeps } from '../pipeline-deps.js';

export type ReconcileKind = 'delivery' | 'story';

export interface ReconcileOptions {
  /** Records and items untouched this long are checked (younger ones may be between their two writes). */
  graceMs: number;
  /** Items older than this are not alerted any more (STORY_WINDOW_HOURS). @defaultValue 72 h */
  windowMs?: number;
  /** At most this many records per run (oldest first). @defaultValue 5000 */
  limit?: number;
  /** Counted per kind (raqib_reconciler_recovered_total). */
  onRecovered?: (kind: ReconcileKind, count: number) => void;
}

export interface ReconcileResult {
  checked: number;
  recovered: Record<ReconcileKind, number>;
}

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export async function reconcile(
  deps: Pick<PipelineDeps, 'db' | 'queues' | 'channels' | 'logger'>,
  options: ReconcileOptions,
): Promise<ReconcileResult> {
  const deliveries = createDeliveriesRepo(deps.db);
  const configured = new Set(deps.channels.map((c) => c.id));
  const queue = deps.queues.deliver;
  const stale = await deliveries.listStale(options.graceMs, options.limit ?? 5000);
  let recoveredDeliveries = 0;
  for (const record of stale) {
    if (!configured.has(record.channelId)) continue;
    const baseId = deliveryJobId(record.storyId, record.channelId, record.contentVersion);
    const existing = (await queue.getJob(baseId)) as Job | undefined;
    let jobId = baseId;
    if (existing) {
      const state = await existing.getState();
      if (LIVE_STATES.has(state)) continue;
      // The versioned job finished (or failed) but the record still has work: a fresh id, the same for every
      // replica reconciling this record in this state.
      jobId = deliveryJobId(
        record.storyId,
        record.channelId,
        record.contentVersion,
        `rc${record.attempts}t${Date.parse(record.updatedAt).toString(36)}`,
      );
      if (await queue.getJob(jobId)) continue;
    }
    await queue.add(
      deliveryJobName,
      { storyId: record.storyId, channelId: record.channelId },
      { ...deliveryJobOptions, jobId },
    );
    recoveredDeliveries++;
  }

  const windowMs = options.windowMs ?? 72 * 3_600_000;
  const { rows } = await deps.db.query<{ story_id: string }>(
    `select distinct i.story_id from items i
     where i.decision = 'alert' and i.story_id is not null
       and i.fetched_at > now() - make_interval(secs => $1::double precision / 1000)
       and i.fetched_at < now() - make_interval(secs => $2::double precision / 1000)
       and not exists (select 1 from deliveries d where d.story_id = i.story_id)
     limit $3`,
    [windowMs, options.graceMs, options.limit ?? 5000],
  );
  let recoveredStories = 0;
  for (const row of rows) {
    const queued = await ensureStoryDeliveries(row.story_id, deps);
    if (queued > 0) recoveredStories++;
  }

  const recovered = { delivery: recoveredDeliveries, story: recoveredStories };
  for (const kind of ['delivery', 'story'] as const) {
    await recordReconcilerRun(deps.db, kind, recovered[kind]);
    if (recovered[kind] > 0) options.onRecovered?.(kind, recovered[kind]);
  }
  if (recoveredDeliveries + recoveredStories > 0)
    deps.logger.warn({ recovered }, 'reconciler re-queued work that Redis no longer held');
  else deps.logger.debug({ checked: stale.length }, 'reconciler: nothing to recover');
  return { checked: stale.length + rows.length, recovered };
}

/** The scheduler key and job name on the monitor queue. */
export const reconcileSchedulerKey = 'reconcile';
export const reconcileJobName = 'reconcile';
