import { loadEnv } from '../../../config/env.js';
import { createRuntime } from '../../../app/runtime.js';
import { assertSafeBinding } from '../../web/access-guard.js';
import { dashboardExtensions, mergeDashboardOptions } from '../../web/dashboard-extensions.js';
import {
  dashboardDepsFromRuntime,
  dashboardSettingsFromEnv,
  serveDashboard,
} from '../../web/serve-dashboard.js';
import type { RegisterCommand } from './index.js';

export const register: RegisterCommand = (program) => {
  program
    .command('dashboard')
    .description(
      'serve only the web dashboard and /metrics (no workers), on DASHBOARD_HOST:DASHBOARD_PORT (127.0.0.1:8787)',
    )
    .option('--host <host>', 'address to bind (a non-loopback address needs DASHBOARD_TOKEN)')
    .option('--port <port>', 'port (0 = any free port)')
    .action(async (options: { host?: string; port?: string }) => {
      const env = loadEnv();
      const host = options.host ?? env.DASHBOARD_HOST;
      assertSafeBinding(host, env.DASHBOARD_TOKEN); // before the (slow) runtime start
      const runtime = await createRuntime(env);
      try {
        const merged = mergeDashboardOptions(
          { token: env.DASHBOARD_TOKEN, publicHosts: dashboardSettingsFromEnv(env).publicHosts },
          dashboardExtensions.map((extend) => extend(runtime)),
        );
        const dashboard = await serveDashboard(dashboardDepsFromRuntime(runtime), {
          ...merged,
          host,
          port: options.port !== undefined ? Number(options.port) : env.DASHBOARD_PORT,
        });
        console.error(`raqib dashboard at ${dashboard.url}${env.DASHBOARD_TOKEN ? ' (token required)' : ''}`);
        await new Promise<void>((done) => {
          process.once('SIGINT', () => done());
          process.once('SIGTERM', () => done());
        });
        await dashboard.close();
      } finally {
        await runtime.close();
      }
    });
};
