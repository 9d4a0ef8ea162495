/**
 * Job schedulers live in Redis only: a Redis restarted without its data (no append-only file, a failover to a
 * replica that lacked them, a flush) drops every crawl schedule and the reconciler's, and a running process would
 * then sit idle until restarted. Every reconciler period each process checks that the reconciler's scheduler is still
 * there; when it is gone, it upserts all of its roles' schedules again (idempotent across replicas) and runs one
 * reconciler pass at once, which re-queues the pending deliveries and article jobs Redis lost with them.
 */
import { reconcileSchedulerKey } from '../pipeline/reconcile/reconcile.js';
import type { Runtime } from './runtime.js';
import { upsertSchedules } from './schedules.js';
import type { StageRole } from './workers.js';

/** Start the check; returns its stop function. A process without the crawl or deliver role checks nothing. */
export function watchSchedules(
  runtime: Runtime,
  roles: readonly StageRole[],
  everyMs = runtime.env.RECONCILE_EVERY_MS,
): () => void {
  if (!roles.includes('crawl') && !roles.includes('deliver')) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void checkOnce(runtime, roles).finally(() => {
      running = false;
    });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
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
