/**
 * Starts the dashboard next to the workers (`raqib start`, `raqib demo`): settings from the environment, extra
 * routes and panels from the caller and from `dashboardExtensions`. A port already in use is logged and skipped (another replica on this
 * machine serves it); an unsafe address without a token stops the start.
 */
import type { Runtime } from '../../app/runtime.js';
import { ConfigError } from '../../shared/errors.js';
import { dashboardExtensions, mergeDashboardOptions } from './dashboard-extensions.js';
import type { DashboardOptions } from './dashboard-types.js';
import {
  dashboardDepsFromRuntime,
  dashboardSettingsFromEnv,
  serveDashboard,
  type RunningDashboard,
} from './serve-dashboard.js';

export interface DashboardLaunch extends DashboardOptions {
  /** Override DASHBOARD_HOST. */
  host?: string;
  /** Override DASHBOARD_PORT (0 = any free port). */
  port?: number;
}

export async function launchDashboard(
  runtime: Runtime,
  launch: DashboardLaunch,
): Promise<RunningDashboard | null> {
  const fromEnv = dashboardSettingsFromEnv(runtime.env);
  const token = launch.token ?? fromEnv.token;
  const merged = mergeDashboardOptions(
    { ...launch, token, publicHosts: fromEnv.publicHosts },
    dashboardExtensions.map((extend) => extend(runtime)),
  );
  const settings = { ...merged, host: launch.host ?? fromEnv.host, port: launch.port ?? fromEnv.port };
  try {
    return await serveDashboard(dashboardDepsFromRuntime(runtime), settings);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    runtime.logger.warn({ err: error, host: settings.host, port: settings.port }, 'dashboard not started');
    return null;
  }
}
