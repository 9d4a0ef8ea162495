/**
 * Runs raqib's workers in this process until SIGTERM/SIGINT: builds the runtime, upserts the crawl schedules,
 * starts the stage workers, and on a signal lets running jobs finish (or return to the queue) before exiting.
 */
import type { Env } from '../config/env.js';
import { launchDashboard, type DashboardLaunch } from '../console/web/launch-dashboard.js';
import type { RunningDashboard } from '../console/web/serve-dashboard.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { watchSchedules } from './restore-schedules.js';
import { upsertSchedules } from './schedules.js';
import { startWorkers, type StageRole, type WorkerOverrides } from './workers.js';

export { ALL_ROLES, type StageRole } from './workers.js';

export interface RunningService {
  runtime: Runtime;
  /** The dashboard, when requested and its port was free. */
  dashboard?: RunningDashboard | null;
  stop(): Promise<void>;
}

export interface ServiceOptions extends RuntimeOptions {
  /** Serve the web dashboard too (DASHBOARD_* settings unless overridden); absent = no dashboard. */
  dashboard?: DashboardLaunch | undefined;
  /** Replace parts of the worker table (tests only). */
  workers?: WorkerOverrides;
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
    await upsertSchedules(runtime, roles);
    const workers = startWorkers(runtime, roles, options.workers);
    // Schedules lost with Redis's data come back within one reconciler period.
    const stopWatch = watchSchedules(runtime, roles);
    logger.info({ roles }, 'raqib started');
    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        logger.info('stopping: finishing running jobs');
        stopWatch();
        await dashboard?.close();
        await workers.close();
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
