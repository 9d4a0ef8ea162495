/** The adaptive polling stores of a runtime (Redis, under the queue prefix). */
import {
  createRedisPollHintStore,
  createRedisPollPlanStore,
  type PollHintStore,
  type PollPlanStore,
} from '../store/redis/redis-poll-plan.js';
import type { Runtime } from './runtime.js';

export function pollPlanStore(runtime: Pick<Runtime, 'redis' | 'env'>): PollPlanStore {
  return createRedisPollPlanStore(runtime.redis, runtime.env.QUEUE_PREFIX);
}

export function pollHintStore(runtime: Pick<Runtime, 'redis' | 'env'>): PollHintStore {
  return createRedisPollHintStore(runtime.redis, runtime.env.QUEUE_PREFIX);
}

/** The stored plan's intervals by source id. */
export async function plannedIntervals(plans: PollPlanStore): Promise<Map<string, number>> {
  return new Map([...(await plans.getAll())].map(([id, p]) => [id, p.intervalMs]));
}
