import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEnv } from '../../../config/env.js';
import { loadSources } from '../../../config/sources.js';
import { demoSources } from '../../demo/demo-sources.js';
import { loadFixtureRoutes, startFixtureServer, type FixtureServer } from '../../demo/fixture-server.js';
import { createDemoBodyFiller } from '../../demo/demo-body-filler.js';
import { waitForIdle } from '../../demo/wait-for-idle.js';
import { ALL_ROLES, startService } from '../../../app/start-service.js';
import type { RegisterCommand } from './index.js';

/** Where the demo remembers its fixture port, so `--keep` serves the same URLs and stored items stay the same. */
const portFile = (dataDir: string) => join(dataDir, 'fixture-port');

/**
 * Start the fixture server: on `--port N` that port; with `--keep` the port of the previous run (item URLs contain
 * it, so another port would store every item again and edit every alert); else any free port. The port is saved.
 */
export async function startDemoServer(
  dataDir: string,
  port: number,
  keep: boolean,
  start: (port: number) => Promise<FixtureServer>,
): Promise<FixtureServer> {
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port ${port}: not a port number`);
  const previous =
    keep && port === 0 && existsSync(portFile(dataDir)) ? Number(readFileSync(portFile(dataDir), 'utf8')) : 0;
  let server: FixtureServer;
  try {
    server = await start(previous > 0 ? previous : port);
  } catch (error) {
    if (previous > 0 && (error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(
        `demo --keep: port ${previous} of the previous run is in use (another demo running?); stop it, or pass --port`,
        { cause: error },
      );
    throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(portFile(dataDir), `${new URL(server.origin).port}\n`);
  return server;
}

/**
 * The demo's environment: its own Redis prefix and data directory, a short aggregator hold, and only warnings and
 * errors logged by default so the alert previews stand out (LOG_LEVEL=info or LOG_PRETTY=1 still work).
 */
export function demoEnv(processEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    QUEUE_PREFIX: 'raqib-demo',
    LOG_LEVEL: 'warn',
    // Every demo outlet is crawled at once, so an original joins its aggregator's copy within seconds.
    AGGREGATOR_HOLD: '15s',
    ...processEnv,
    DATA_DIR: join(processEnv.DATA_DIR ?? './data', 'demo'),
  };
}

export const register: RegisterCommand = (program) => {
  program
    .command('demo')
    .description(
      'run the real pipeline against recorded and constructed outlet pages served on 127.0.0.1 (no network); ' +
        'alerts print to the console, or post to Discord when configured',
    )
    .option(
      '--port <port>',
      "port of the local fixture server (0 = any free port; with --keep, the previous run's port)",
      '0',
    )
    .option('--once', 'exit when every source has been crawled once and all queues are empty')
    .option('--keep', 'keep the demo data of a previous run (by default the demo starts fresh)')
    .option(
      '--placeholder-text',
      "serve the constructed outlet pages' placeholder text instead of real news excerpts from bench/data/corpus",
    )
    .option('--real-text', 'real news excerpts on the constructed pages (the default; kept for old scripts)')
    .option('--no-dashboard', 'do not serve the web dashboard (served unless --once)')
    .action(
      async (options: {
        port: string;
        once?: boolean;
        keep?: boolean;
        dashboard: boolean;
        placeholderText?: boolean;
      }) => {
        const env = loadEnv(demoEnv(process.env));
        const dataDir = resolve(env.DATA_DIR);
        if (!options.keep && existsSync(join(dataDir, 'pglite')))
          rmSync(join(dataDir, 'pglite'), { recursive: true, force: true });
        const fixturesDir = resolve('tests/fixtures/sources');
        const configured = loadSources(resolve(env.SOURCES_DIR));
        const routes = loadFixtureRoutes(fixturesDir, configured);
        const hosts = [...new Set(configured.flatMap((s) => s.allowedHosts))];
        // Constructed pages carry real corpus excerpts (--placeholder-text: their placeholder text), so every alert
        // reads like news.
        const filler = options.placeholderText
          ? undefined
          : createDemoBodyFiller(routes, resolve(env.TOPICS_DIR));
        const server = await startDemoServer(dataDir, Number(options.port), Boolean(options.keep), (port) =>
          startFixtureServer(routes, hosts, port, filler ? { filler } : {}),
        );
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
      },
    );
};
