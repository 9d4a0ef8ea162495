/**
 * Serves the dashboard over HTTP (@hono/node-server) on DASHBOARD_HOST:DASHBOARD_PORT (127.0.0.1:8787 by default).
 * A non-loopback address is refused unless DASHBOARD_TOKEN is set.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Env } from '../../config/env.js';
import type { Runtime } from '../../app/runtime.js';
import { assertSafeBinding } from './access-guard.js';
import { createDashboardApp } from './app.js';
import type { DashboardDeps, DashboardOptions } from './dashboard-types.js';

export interface RunningDashboard {
  /** e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions extends DashboardOptions {
  host: string;
  /** 0 = any free port. */
  port: number;
}

export async function serveDashboard(deps: DashboardDeps, options: ServeOptions): Promise<RunningDashboard> {
  assertSafeBinding(options.host, options.token);
  const app = createDashboardApp(deps, options);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, options.host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  server.on('error', (error) => deps.logger.error({ err: error }, 'dashboard server error'));
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  deps.logger.info(
    { url, access: options.token ? 'token required' : 'loopback only, no token' },
    'dashboard listening',
  );
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

/** The dashboard's view of a runtime. */
export function dashboardDepsFromRuntime(runtime: Runtime): DashboardDeps {
  return {
    db: runtime.db,
    queues: runtime.queues,
    sources: runtime.sources,
    channels: runtime.channels,
    topics: runtime.topics,
    logger: runtime.logger.child({ component: 'dashboard' }),
    metrics: runtime.metrics,
    http: runtime.http,
    now: runtime.pipeline.now,
    dependencies: runtime.dependencies,
    timeZone: runtime.env.DASHBOARD_TIME_ZONE,
  };
}

/**
 * Dashboard settings from the environment (DASHBOARD_HOST, DASHBOARD_PORT, DASHBOARD_TOKEN; PUBLIC_DASHBOARD_URL's
 * host is served besides loopback names when there is no token).
 */
export function dashboardSettingsFromEnv(
  env: Env,
): Pick<ServeOptions, 'host' | 'port' | 'token' | 'publicHosts'> {
  const publicHosts = env.PUBLIC_DASHBOARD_URL ? [new URL(env.PUBLIC_DASHBOARD_URL).host] : [];
  return { host: env.DASHBOARD_HOST, port: env.DASHBOARD_PORT, token: env.DASHBOARD_TOKEN, publicHosts };
}
