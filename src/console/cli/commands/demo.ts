import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEnv } from '../../../config/env.js';
import { loadSources } from '../../../config/sources.js';
import { demoSources } from '../../demo/demo-sources.js';
import { loadFixtureRoutes, startFixtureServer } from '../../demo/fixture-server.js';
import { waitForIdle } from '../../demo/wait-for-idle.js';
import { ALL_ROLES, startService } from '../../../app/start-service.js';
import type { RegisterCommand } from './index.js';

export const register: RegisterCommand = (program) => {
  program
    .command('demo')
    .description(
      'run the real pipeline against recorded and constructed outlet pages served on 127.0.0.1 (no network); ' +
        'alerts print to the console, or post to Discord when configured',
    )
    .option('--port <port>', 'port of the local fixture server (0 = any free port)', '0')
    .option('--once', 'exit when every source has been crawled once and all queues are empty')
    .option('--keep', 'keep the demo data of a previous run (by default the demo starts fresh)')
    .option('--no-dashboard', 'do not serve the web dashboard (served unless --once)')
    .action(async (options: { port: string; once?: boolean; keep?: boolean; dashboard: boolean }) => {
      const env = loadEnv({
        QUEUE_PREFIX: 'raqib-demo',
        // Only warnings and errors by default, so the alerts stand out (LOG_LEVEL=info or LOG_PRETTY=1 still work).
        LOG_LEVEL: 'warn',
        ...process.env,
        DATA_DIR: join(process.env.DATA_DIR ?? './data', 'demo'),
      });
      const dataDir = resolve(env.DATA_DIR);
      if (!options.keep && existsSync(join(dataDir, 'pglite')))
        rmSync(join(dataDir, 'pglite'), { recursive: true, force: true });
      const fixturesDir = resolve('tests/fixtures/sources');
      const configured = loadSources(resolve(env.SOURCES_DIR));
      const routes = loadFixtureRoutes(fixturesDir, configured);
      const hosts = [...new Set(configured.flatMap((s) => s.allowedHosts))];
      const server = await startFixtureServer(routes, hosts, Number(options.port));
      const withFixtures = new Set(
        configured.filter((s) => existsSync(join(fixturesDir, s.id, 'manifest.json'))).map((s) => s.id),
      );
      const sources = demoSources(configured, server, withFixtures);
      console.error(
        `raqib demo: data directory ${dataDir}, Redis prefix ${env.QUEUE_PREFIX}; other commands see it with ` +
          `DATA_DIR=${dataDir} QUEUE_PREFIX=${env.QUEUE_PREFIX}`,
      );
      console.error(
        `raqib demo: ${sources.length} sources served from ${server.origin}; alerts follow. Ctrl-C to stop.`,
      );
      const service = await startService(env, ALL_ROLES, {
        sources,
        // The seed articles are old and this is every source's first crawl: no age limit of either kind, so all
        // five seeds alert.
        settings: { maxAlertAgeMs: 0, firstCrawlAlertAgeMs: 'off' },
        fresh: !options.keep,
        ...(options.dashboard && !options.once ? { dashboard: {} } : {}),
      });
      if (service.dashboard) console.error(`raqib demo: dashboard at ${service.dashboard.url}`);
      const stop = async () => {
        await service.stop();
        await server.close();
      };
      if (options.once) {
        await waitForIdle(service.runtime, { sources: sources.length });
        await stop();
        return;
      }
      await new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      });
      await stop();
    });
};
