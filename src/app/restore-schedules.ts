/**
 * Job schedulers live in Redis only: a Redis restarted without its data (no append-only file, a failover to a
 * replica that lacked them, a flush) drops every crawl schedule and the reconciler's, and a running process would
 * then sit idle until restarted. Every reconciler period each process checks that the reconciler's scheduler is still
 * there (and once just after the shared Redis client reconnects); when it is gone, it upserts all of its roles' schedules again (idempotent across replicas) and runs one
 * reconciler pass at once, which re-queues the pending deliveries and article jobs Redis lost with them.
 */
import { reconcileSchedulerKey } from '../pipeline/reconcile/reconcile.js';
import type { Runtime } from './runtime.js';
import { upsertSchedules } from './schedules.js';
import type { StageRole } from './workers.js';

/** Delay of the check after the shared Redis client reconnects. */
const RECONNECT_CHECK_DELAY_MS = 1000;

/** Start the check; returns its stop function. A process without the crawl or deliver role checks nothing. */
export function watchSchedules(
  runtime: Runtime,
  roles: readonly StageRole[],
  everyMs = runtime.env.RECONCILE_EVERY_MS,
): () => void {
  if (!roles.includes('crawl') && !roles.includes('deliver')) return () => undefined;
  let running = false;
  const check = () => {
    if (running) return;
    running = true;
    void checkOnce(runtime, roles).finally(() => {
      running = false;
    });
  };
  const timer = setInterval(check, everyMs);
  timer.unref();
  // A reconnect is when a restarted server shows up: check then too (after the queues' own clients are back).
  let pending: NodeJS.Timeout | undefined;
  const onReady = () => {
    clearTimeout(pending);
    pending = setTimeout(check, RECONNECT_CHECK_DELAY_MS);
    pending.unref();
  };
  runtime.redis.on('ready', onReady);
  return () => {
    clearInterval(timer);
    clearTimeout(pending);
    runtime.redis.off('ready', onReady);
  };
}

/** One check: whether the schedules had to be restored (false too when Redis does not answer yet). */
export async function checkOnce(runtime: Runtime, roles: readonly StageRole[]): Promise<boolean> {
  try {
    if (await runtime.queues.monitor.getJobScheduler(reconcileSchedulerKey)) return false;
    runtime.logger.warn(
      { roles },
      'job schedulers missing from Redis (restarted without its data?): restoring them and reconciling',
    );
    await upsertSchedules(runtime, roles);
    return true;
  } catch (error) {
    // Redis still down: the next period tries again.
    runtime.logger.debug({ err: (error as Error).message }, 'schedule check failed');
    return false;
  }
}
