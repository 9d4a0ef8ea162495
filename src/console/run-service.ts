/**
 * Runs raqib's workers in this process until SIGTERM/SIGINT: builds the runtime, upserts the crawl schedules,
 * starts the stage workers, and on a signal lets running jobs finish (or return to the queue) before exiting.
 */
import type { Env } from '../config/env.js';
import { createDeliveryStage } from '../pipeline/delivery-stage.js';
import { startStageWorkers, upsertCrawlSchedules, type StageRole } from '../pipeline/start-workers.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.js';

export const ALL_ROLES: StageRole[] = ['crawl', 'article', 'deliver', 'digest'];

export interface RunningService {
  runtime: Runtime;
  stop(): Promise<void>;
}

export async function startService(
  env: Env,
  roles: StageRole[],
  options: RuntimeOptions = {},
): Promise<RunningService> {
  const runtime = await createRuntime(env, options);
  const { logger } = runtime;
  try {
    if (roles.includes('crawl')) {
      const count = await upsertCrawlSchedules(runtime.queues.crawl, runtime.sources.values());
      logger.info({ schedules: count }, 'crawl schedules upserted');
    }
    const delivery = createDeliveryStage(runtime);
    const workers = startStageWorkers(runtime.pipeline, {
      connection: runtime.redisTarget.options,
      prefix: runtime.env.QUEUE_PREFIX,
      roles,
      extra: { deliver: delivery.processor },
    });
    delivery.attach(workers.workers);
    logger.info({ roles }, 'raqib started');
    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        logger.info('stopping: finishing running jobs');
        await workers.close();
        await delivery.close();
        await runtime.close();
      })();
      return stopping;
    };
    return { runtime, stop };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/** Start and block until a signal; exit code 0 after a clean shutdown. */
export async function runUntilSignal(
  env: Env,
  roles: StageRole[],
  options: RuntimeOptions = {},
): Promise<void> {
  const service = await startService(env, roles, options);
  await new Promise<void>((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals) => {
      service.runtime.logger.info({ signal }, 'signal received');
      resolveSignal();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  const force = setTimeout(() => process.exit(1), 30_000);
  force.unref();
  await service.stop();
}
