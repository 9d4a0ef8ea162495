/**
 * Runs raqib's workers in this process until SIGTERM/SIGINT: builds the runtime, upserts the crawl schedules,
 * starts the stage workers, and on a signal lets running jobs finish (or return to the queue) before exiting.
 */
import type { Env } from '../config/env.js';
import { createDeliveryStage } from '../pipeline/deliver/delivery-job.js';
import { createDigestStage } from '../pipeline/digest/digest-job.js';
import { startStageWorkers, upsertCrawlSchedules, type StageRole } from './schedules.js';
import { operatorNotifierFromEnv } from '../deliver/discord/operator-notifier.js';
import { startSilentSourceMonitor } from '../pipeline/monitor/silent-source-job.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { launchDashboard, type DashboardLaunch } from '../console/web/launch-dashboard.js';
import type { RunningDashboard } from '../console/web/serve-dashboard.js';

export const ALL_ROLES: StageRole[] = ['crawl', 'article', 'deliver', 'digest'];

export interface RunningService {
  runtime: Runtime;
  /** The dashboard, when requested and its port was free. */
  dashboard?: RunningDashboard | null;
  stop(): Promise<void>;
}

export interface ServiceOptions extends RuntimeOptions {
  /** Serve the web dashboard too (DASHBOARD_* settings unless overridden); absent = no dashboard. */
  dashboard?: DashboardLaunch | undefined;
}

export async function startService(
  env: Env,
  roles: StageRole[],
  options: ServiceOptions = {},
): Promise<RunningService> {
  const runtime = await createRuntime(env, options);
  const { logger } = runtime;
  let dashboard: RunningDashboard | null = null;
  try {
    if (options.dashboard) dashboard = await launchDashboard(runtime, options.dashboard);
    if (roles.includes('crawl')) {
      const count = await upsertCrawlSchedules(runtime.queues.crawl, runtime.sources.values());
      logger.info({ schedules: count }, 'crawl schedules upserted');
    }
    const delivery = createDeliveryStage(runtime);
    // Digest schedulers (cron + time zone per channel) and the catch-up of a digest missed while down.
    const digest = roles.includes('digest') ? createDigestStage(runtime) : null;
    await digest?.start();
    const workers = startStageWorkers(runtime.pipeline, {
      connection: runtime.redisTarget.options,
      prefix: runtime.env.QUEUE_PREFIX,
      roles,
      extra: { deliver: delivery.processor, ...(digest ? { digest: digest.processor } : {}) },
      lockMs: runtime.env.WORKER_LOCK_MS,
    });
    delivery.attach(workers.workers);
    // The silent-source check runs with the crawl role (every 15 min, one BullMQ scheduler for all replicas).
    const monitor = roles.includes('crawl')
      ? await startSilentSourceMonitor({
          db: runtime.db,
          logger,
          sources: runtime.sources,
          now: runtime.pipeline.now,
          notifier: operatorNotifierFromEnv(runtime.env, logger),
          queue: runtime.queues.monitor,
          connection: runtime.redisTarget.options,
          prefix: runtime.env.QUEUE_PREFIX,
        })
      : null;
    logger.info({ roles }, 'raqib started');
    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        logger.info('stopping: finishing running jobs');
        await dashboard?.close();
        await workers.close();
        await monitor?.close();
        await delivery.close();
        await digest?.close();
        await runtime.close();
      })();
      return stopping;
    };
    return { runtime, dashboard, stop };
  } catch (error) {
    await dashboard?.close();
    await runtime.close();
    throw error;
  }
}

/** Start and block until a signal; exit code 0 after a clean shutdown. */
export async function runUntilSignal(
  env: Env,
  roles: StageRole[],
  options: ServiceOptions = {},
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
