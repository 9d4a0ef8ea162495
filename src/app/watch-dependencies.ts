/**
 * Feeds {@link DependencyHealth} from the running clients: the shared ioredis client's and the queues' error and
 * ready events, and for PostgreSQL a `select 1` every few seconds (pg reports a lost server only on the next query).
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '../store/db.js';
import { isConnectionError, type DependencyHealth } from './dependency-health.js';

export const POSTGRES_PROBE_MS = 5_000;
const PROBE_TIMEOUT_MS = 3_000;

export function watchDependencies(
  health: DependencyHealth,
  deps: { redis: Redis; queues: Queue[]; db: Db; closers: Array<() => Promise<unknown>> },
  probeMs = POSTGRES_PROBE_MS,
): void {
  deps.redis.on('error', (error) => health.down('redis', error));
  deps.redis.on('ready', () => health.up('redis'));
  for (const queue of deps.queues)
    queue.on('error', (error) => {
      if (isConnectionError(error)) health.down('redis', error);
    });
  if (deps.db.kind !== 'postgres') return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    let timeout: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, fail) => {
      timeout = setTimeout(
        () => fail(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)),
        PROBE_TIMEOUT_MS,
      );
    });
    Promise.race([deps.db.query('select 1'), expired])
      .then(() => health.up('postgres'))
      .catch((error: unknown) => health.down('postgres', error))
      .finally(() => {
        clearTimeout(timeout);
        running = false;
      });
  }, probeMs);
  timer.unref();
  deps.closers.push(async () => clearInterval(timer));
}
