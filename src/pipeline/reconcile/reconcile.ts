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
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DeliveryRecord } from '../../deliver/delivery-store.js';
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

/** Records looked up in Redis per round trip, and jobs added per `addBulk`. */
const BATCH = 500;
/** One pass at a time per deployment (replicas reconciling at once would count the same records twice). */
const LOCK_MS = 30_000;

export async function reconcile(
  deps: Pick<PipelineDeps, 'db' | 'queues' | 'channels' | 'logger' | 'redis'>,
  options: ReconcileOptions,
): Promise<ReconcileResult> {
  const queue = deps.queues.deliver;
  const client = deps.redis;
  const lockKey = queue.toKey('reconciler-lock');
  const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  if ((await client.set(lockKey, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
    deps.logger.debug('reconciler: another pass is running');
    return { checked: 0, recovered: { delivery: 0, story: 0 } };
  }
  try {
    return await reconcilePass(deps, options);
  } finally {
    await client
      .eval(
        `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`,
        1,
        lockKey,
        token,
      )
      .catch(() => undefined);
  }
}

/**
 * The deliver jobs to add for stale records, looked up in batches: a job that exists and is not finished is live
 * (waiting, active, delayed, prioritized); one that finished while its record still has work gets a fresh id.
 */
async function jobsToAdd(
  client: Redis,
  queue: Queue,
  stale: DeliveryRecord[],
): Promise<Array<{ record: DeliveryRecord; jobId: string }>> {
  const out: Array<{ record: DeliveryRecord; jobId: string }> = [];
  for (let i = 0; i < stale.length; i += BATCH) {
    const chunk = stale.slice(i, i + BATCH).map((record) => ({
      record,
      baseId: deliveryJobId(record.storyId, record.channelId, record.contentVersion),
    }));
    const looked = await lookUp(
      client,
      queue,
      chunk.map((c) => c.baseId),
    );
    const retry: Array<{ record: DeliveryRecord; jobId: string }> = [];
    chunk.forEach(({ record, baseId }, k) => {
      const state = looked[k];
      if (state === 'absent') out.push({ record, jobId: baseId });
      else if (state === 'finished')
        // The versioned job finished (or failed) but the record still has work: a fresh id, the same for every
        // replica reconciling this record in this state.
        retry.push({
          record,
          jobId: deliveryJobId(
            record.storyId,
            record.channelId,
            record.contentVersion,
            `rc${record.attempts}t${Date.parse(record.updatedAt).toString(36)}`,
          ),
        });
    });
    const again = await lookUp(
      client,
      queue,
      retry.map((r) => r.jobId),
    );
    retry.forEach((r, k) => {
      if (again[k] === 'absent') out.push(r);
    });
  }
  return out;
}

/** Per job id: absent, finished (completed or failed), or live. One round trip. */
async function lookUp(
  client: Redis,
  queue: Queue,
  ids: string[],
): Promise<Array<'absent' | 'finished' | 'live'>> {
  if (ids.length === 0) return [];
  const pipeline = client.pipeline();
  for (const id of ids) {
    pipeline.exists(queue.toKey(id));
    pipeline.zscore(queue.toKey('completed'), id);
    pipeline.zscore(queue.toKey('failed'), id);
  }
  const results = (await pipeline.exec()) ?? [];
  return ids.map((_, k) => {
    const [exists, completed, failed] = [0, 1, 2].map((j) => {
      const [error, value] = results[3 * k + j] ?? [null, null];
      if (error) throw error;
      return value;
    });
    if (Number(exists) === 0) return 'absent';
    return completed !== null || failed !== null ? 'finished' : 'live';
  });
}

async function reconcilePass(
  deps: Pick<PipelineDeps, 'db' | 'queues' | 'channels' | 'logger' | 'redis'>,
  options: ReconcileOptions,
): Promise<ReconcileResult> {
  const deliveries = createDeliveriesRepo(deps.db);
  const configured = new Set(deps.channels.map((c) => c.id));
  const queue = deps.queues.deliver;
  const stale = (await deliveries.listStale(options.graceMs, options.limit ?? 5000)).filter((r) =>
    configured.has(r.channelId),
  );
  const toAdd = await jobsToAdd(deps.redis, queue, stale);
  for (let i = 0; i < toAdd.length; i += BATCH)
    await queue.addBulk(
      toAdd.slice(i, i + BATCH).map(({ record, jobId }) => ({
        name: deliveryJobName,
        data: { storyId: record.storyId, channelId: record.channelId },
        opts: { ...deliveryJobOptions, jobId },
      })),
    );
  const recoveredDeliveries = toAdd.length;

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
