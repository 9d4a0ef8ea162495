/**
 * `raqib sources list | pause | resume`: the health listing, operator pause and resume through the pipeline, a
 * crawl skipping a paused source, a crawl finishing after a pause not undoing it; and the real CLI on PGlite.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSourceFile } from '../../../src/config/sources.js';
import type { Source } from '../../../src/config/source-schema.js';
import {
  formatSourceList,
  listSourceStatus,
  sourceState,
} from '../../../src/console/cli/commands/sources.js';
import { FetchError } from '../../../src/fetch/http/fetch-error.js';
import type { HttpClient } from '../../../src/fetch/http/http-types.js';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.js';
import { runCrawl } from '../../../src/pipeline/crawl/run-crawl.js';
import { pauseSourceByOperator, resumeSourceByOperator } from '../../../src/operate/source-control.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { getSourceHealth, saveCrawlHealth, syncSources } from '../../../src/store/sources-repo.js';

const run = promisify(execFile);
const NOW = new Date('2025-09-10T12:00:00Z');

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Coalition leaves a base</title><link>https://outlet.example/news/1</link>
<pubDate>Wed, 10 Sep 2025 10:00:00 GMT</pubDate></item></channel></rss>`;

const yamlFor = (name: string) => `name: ${name}
language: en
allowedHosts: [outlet.example]
fetch:
  - type: feed
    url: https://outlet.example/feed.xml
`;

function source(id: string): Source {
  return { ...parseSourceFile(`selectors/${id}.yaml`, yamlFor(`Outlet ${id}`)), id };
}

/** An HTTP client that serves the feed and counts requests. */
function feedClient(): HttpClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetchText: async (url) => {
      calls.push(url);
      if (!url.endsWith('/feed.xml')) throw new FetchError('network', url, 'not served');
      return {
        kind: 'ok',
        url,
        finalUrl: url,
        status: 200,
        contentType: 'application/rss+xml',
        charset: 'utf-8',
        text: FEED,
        bytes: FEED.length,
      };
    },
    close: async () => undefined,
  };
}

describe('sources list / pause / resume (pipeline functions, PGlite)', () => {
  let db: Db;
  const added: unknown[] = [];
  const sources = new Map(['alpha', 'beta'].map((id) => [id, source(id)]));
  const depsWith = (http: HttpClient): PipelineDeps =>
    ({
      db,
      http,
      sources,
      logger: pino({ level: 'silent' }),
      now: () => NOW,
      settings: { maxAlertAgeMs: 0, pauseAfterFailures: 10 },
      queues: {
        article: { addBulk: async (jobs: unknown[]) => added.push(...jobs) },
        crawl: { opts: { prefix: 'sources-commands-test' } },
      },
      // The unfinished-crawl marker (run-crawl.ts): no crawl here is interrupted.
      redis: { set: async () => null, del: async () => 1 },
      topics: [],
    }) as unknown as PipelineDeps;

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    await syncSources(db, [...sources.values()]);
  });
  afterAll(async () => {
    await db.close();
  });

  it('lists health: layer used, items per crawl, last success and error, and sources only in the database', async () => {
    await saveCrawlHealth(db, 'alpha', {
      paused: false,
      pauseReason: null,
      consecutiveFailures: 0,
      lastSuccessAt: new Date(NOW.getTime() - 5 * 60_000).toISOString(),
      lastErrorAt: null,
      lastError: null,
      lastLayer: 'sitemap',
      lastItemCount: 17,
      nextAttemptAt: null,
    });
    await saveCrawlHealth(db, 'beta', {
      paused: false,
      pauseReason: null,
      consecutiveFailures: 3,
      lastSuccessAt: null,
      lastErrorAt: new Date(NOW.getTime() - 60_000).toISOString(),
      lastError: 'feed: HTTP 503',
      lastLayer: null,
      lastItemCount: null,
      nextAttemptAt: new Date(NOW.getTime() + 20 * 60_000).toISOString(),
    });
    await syncSources(db, [{ id: 'gone', name: 'Old outlet', language: 'ar', enabled: true }]);
    const list = await listSourceStatus(db, [...sources.values()]);
    expect(list.map((s) => s.id)).toEqual(['alpha', 'beta', 'gone']);
    const [alpha, beta, gone] = list;
    expect(alpha).toMatchObject({
      lastLayer: 'sitemap',
      lastItemCount: 17,
      chain: ['feed'],
      configured: true,
    });
    expect(sourceState(alpha!, NOW)).toBe('ok');
    expect(sourceState(beta!, NOW)).toBe('backoff');
    expect(sourceState(gone!, NOW)).toBe('removed');
    const text = formatSourceList(list, NOW);
    expect(text).toMatch(/alpha\s+ok\s+sitemap\s+17\s+5m ago/);
    expect(text).toMatch(/beta\s+backoff.*\(3 in a row\)/);
    expect(text).toContain('error: feed: HTTP 503');
  });

  it('a paused source is skipped by crawls with its reason; resume clears failures and crawls again', async () => {
    expect(await pauseSourceByOperator(db, 'beta', 'outlet redesign, selectors being fixed')).toBe(true);
    expect(await pauseSourceByOperator(db, 'nope', 'x')).toBe(false);
    const http = feedClient();
    const skipped = await runCrawl('beta', depsWith(http));
    expect(skipped).toEqual({ status: 'skipped', reason: 'paused: outlet redesign, selectors being fixed' });
    expect(http.calls).toHaveLength(0);
    const listed = (await listSourceStatus(db, [...sources.values()])).find((s) => s.id === 'beta');
    expect(listed).toMatchObject({ paused: true, pauseReason: 'outlet redesign, selectors being fixed' });
    expect(formatSourceList([listed!], NOW)).toContain('paused: outlet redesign, selectors being fixed');

    expect(await resumeSourceByOperator(db, 'beta')).toBe(true);
    const health = await getSourceHealth(db, 'beta');
    expect(health).toMatchObject({
      paused: false,
      pauseReason: null,
      consecutiveFailures: 0,
      nextAttemptAt: null,
    });
    const crawled = await runCrawl('beta', depsWith(http));
    expect(crawled).toMatchObject({ status: 'ok', layer: 'feed', candidates: 1, queued: 1 });
    expect(http.calls).toEqual(['https://outlet.example/feed.xml']);
  });

  it('a crawl that ends after an operator paused the source does not undo the pause', async () => {
    let pauseDuringCrawl: Promise<boolean> | undefined;
    const http: HttpClient = {
      fetchText: async (url, policy, options) => {
        // The operator pauses while the crawl is fetching (after it read the health record).
        pauseDuringCrawl = pauseSourceByOperator(db, 'alpha', 'paused mid-crawl');
        await pauseDuringCrawl;
        return feedClient().fetchText(url, policy, options);
      },
      close: async () => undefined,
    };
    const result = await runCrawl('alpha', depsWith(http));
    expect(result.status).toBe('ok');
    expect(await pauseDuringCrawl).toBe(true);
    expect(await getSourceHealth(db, 'alpha')).toMatchObject({
      paused: true,
      pauseReason: 'paused mid-crawl',
    });
    expect((await runCrawl('alpha', depsWith(feedClient()))).status).toBe('skipped');
  });
});

describe('raqib sources (the CLI, on PostgreSQL when available, else PGlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'raqib-sources-cli-'));
  const postgresUrl = inject('postgresUrl');
  const schema = `sources_cli_${Date.now().toString(36)}_${process.pid}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATA_DIR: join(dir, 'data'),
    SOURCES_DIR: join(dir, 'selectors'),
    LOG_LEVEL: 'warn',
  };
  if (postgresUrl) {
    const url = new URL(postgresUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = url.toString();
  }
  const raqib = (...args: string[]) =>
    run(process.execPath, [resolve('bin/raqib.js'), 'sources', ...args], { env, cwd: resolve('.') });

  beforeAll(async () => {
    mkdirSync(env.SOURCES_DIR!);
    writeFileSync(join(env.SOURCES_DIR!, 'alpha.yaml'), yamlFor('Outlet alpha'));
    writeFileSync(join(env.SOURCES_DIR!, 'beta.yaml'), yamlFor('Outlet beta'));
    if (postgresUrl) await withPg(postgresUrl, `create schema ${schema}`);
  });
  afterAll(async () => {
    if (postgresUrl) await withPg(postgresUrl, `drop schema if exists ${schema} cascade`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('pauses with a reason, lists it (--json), resumes, and refuses an unknown id', async () => {
    expect((await raqib('pause', 'beta', '--reason', 'moved to a new CMS')).stdout).toContain('beta: paused');
    const list = JSON.parse((await raqib('list', '--json')).stdout) as Array<Record<string, unknown>>;
    expect(list.map((s) => [s.id, s.paused, s.pauseReason])).toEqual([
      ['alpha', false, null],
      ['beta', true, 'moved to a new CMS'],
    ]);
    expect((await raqib('resume', 'beta')).stdout).toContain('beta: resumed');
    await expect(raqib('pause', 'nope')).rejects.toMatchObject({ code: 1 });

    // --json on pause and resume: one JSON object on stdout.
    const paused = JSON.parse(
      (await raqib('pause', 'alpha', '--reason', 'feed moved', '--json')).stdout,
    ) as unknown;
    expect(paused).toEqual({ id: 'alpha', paused: true, pauseReason: 'feed moved' });
    const resumed = JSON.parse((await raqib('resume', 'alpha', '--json')).stdout) as unknown;
    expect(resumed).toEqual({ id: 'alpha', paused: false, pauseReason: null });
    const after = JSON.parse((await raqib('list', '--json')).stdout) as Array<Record<string, unknown>>;
    expect(after.find((s) => s.id === 'alpha')).toMatchObject({
      paused: false,
      robotsOverrideReason: null,
      articleErrors24h: 0,
    });
  }, 55_000);
});

async function withPg(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
