import { Option } from 'commander';
import { loadEnv } from '../../../config/env.js';
import type { StageRole } from '../../../app/workers.js';
import { ALL_ROLES, runUntilSignal } from '../../../app/start-service.js';
import type { RegisterCommand } from './index.js';

export const register: RegisterCommand = (program) => {
  program
    .command('start')
    .description('run raqib: crawl schedules and every stage worker in this process (SIGTERM/SIGINT to stop)')
    .addOption(new Option('--roles <roles>', 'comma-separated stages to run').default(ALL_ROLES.join(',')))
    .option(
      '--no-dashboard',
      'do not serve the web dashboard (DASHBOARD_HOST:DASHBOARD_PORT, 127.0.0.1:8787)',
    )
    .action(async (options: { roles: string; dashboard: boolean }) => {
      const roles = options.roles.split(',').map((r) => r.trim()) as StageRole[];
      const unknown = roles.filter((r) => !ALL_ROLES.includes(r));
      if (unknown.length > 0)
        throw new Error(`unknown role(s) ${unknown.join(', ')}; use ${ALL_ROLES.join(', ')}`);
      await runUntilSignal(loadEnv(), roles, options.dashboard ? { dashboard: {} } : {});
    });
};
