/**
 * Adaptive runs (benchmark helper): one adapt-polling job queued once the warm-up is over, exactly the job the
 * monitor queue's 10-minute scheduler runs, so that the plan publishing starts under has seen the seeded
 * history and the first crawls. Waits for it and summarises the stored plan.
 */
import type { Redis } from 'ioredis';
import type { Queues } from '../../src/queues/create-queues.js';
import { createRedisPollPlanStore } from '../../src/store/redis/redis-poll-plan.js';

export interface PlanSummary {
  sources: number;
  minSeconds: number;
  medianSeconds: number;
  maxSeconds: number;
}

export async function planNow(
  queues: Queues,
  redis: Redis,
  prefix: string,
  log: (line: string) => void,
): Promise<PlanSummary | null> {
  const job = await queues.monitor.add('adapt-polling', {}, { removeOnComplete: 100, attempts: 1 });
  const deadline = Date.now() + 120_000;
  let state = await job.getState();
  while (state !== 'completed' && state !== 'failed' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    state = await job.getState();
  }
  if (state !== 'completed') {
    log(`adapt-polling job ${state}: publishing under the plan made at start`);
  }
  const plan = await createRedisPollPlanStore(redis, prefix).getAll();
  const seconds = [...plan.values()].map((p) => p.intervalMs / 1000).sort((a, b) => a - b);
  if (seconds.length === 0) return null;
  const summary = {
    sources: seconds.length,
    minSeconds: seconds[0] as number,
    medianSeconds: seconds[Math.floor(seconds.length / 2)] as number,
    maxSeconds: seconds[seconds.length - 1] as number,
  };
  log(
    `adaptive plan: ${summary.sources} sources, intervals ${summary.minSeconds}–${summary.maxSeconds} s ` +
      `(median ${summary.medianSeconds} s)`,
  );
  return summary;
}
