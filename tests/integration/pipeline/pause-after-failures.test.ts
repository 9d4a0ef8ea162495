/**
 * The automatic pause count: PAUSE_AFTER_FAILURES (default 10) sets the pipeline's `pauseAfterFailures`, and a
 * source's own `pauseAfterFailures` overrides it. Crawls run through `runCrawl` on PGlite with an HTTP client whose
 * feed always answers 500 (every layer fails); the clock moves past each backoff.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import type { Source } from '../../../src/config/source-schema.js';
import { parseSourceFile } from '../../../src/config/sources.js';
import { FetchError } from '../../../src/fetch/http/fetch-error.js';
import type { HttpClient } from '../../../src/fetch/http/http-types.js';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.js';
import { runCrawl } from '../../../src/pipeline/crawl/run-crawl.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { getSourceHealth, syncSources } from '../../../src/store/sources-repo.js';

const broken: HttpClient = {
  fetchText: async (url) => {
    throw new FetchError('http-status', url, 'HTTP 500', { status: 500 });
  },
  close: async () => undefined,
};

function source(id: string, extra = ''): Source {
  const yaml = `name: ${id}
language: en
allowedHosts: [outlet.example]
${extra}fetch:
  - type: feed
    url: https://${id}.outlet.example/feed.xml
`;
  return { ...parseSourceFile(`selectors/${id}.yaml`, yaml), id };
}

describe('automatic pause after failures', () => {
  let db: Db;
  let clock = Date.parse('2025-09-10T12:00:00Z');
  const sources = new Map([
    ['global', source('global')],
    ['own', source('own', 'pauseAfterFailures: 2\n')],
    ['never', source('never', 'pauseAfterFailures: 0\n')],
  ]);
  const deps = (pauseAfterFailures: number): PipelineDeps =>
    ({
      db,
      http: broken,
      sources,
      logger: pino({ level: 'silent' }),
      now: () => new Date(clock),
      settings: { maxAlertAgeMs: 0, pauseAfterFailures },
      queues: { article: { addBulk: async () => [] }, crawl: { opts: { prefix: 'pause-after-test' } } },
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

  it('reads PAUSE_AFTER_FAILURES (default 10, 0 allowed, negative refused)', () => {
    expect(loadEnv({}).PAUSE_AFTER_FAILURES).toBe(10);
    expect(loadEnv({ PAUSE_AFTER_FAILURES: '3' }).PAUSE_AFTER_FAILURES).toBe(3);
    expect(loadEnv({ PAUSE_AFTER_FAILURES: '0' }).PAUSE_AFTER_FAILURES).toBe(0);
    expect(() => loadEnv({ PAUSE_AFTER_FAILURES: '-1' })).toThrow(/PAUSE_AFTER_FAILURES/);
  });

  it('pauses at the configured count; a source setting overrides it; 0 never pauses', async () => {
    const pausedAt = new Map<string, number>();
    for (let crawl = 1; crawl <= 4; crawl++) {
      for (const id of sources.keys()) {
        const result = await runCrawl(id, deps(3));
        if (result.status === 'skipped') continue;
        const health = await getSourceHealth(db, id);
        if (health?.paused && !pausedAt.has(id)) pausedAt.set(id, crawl);
      }
      clock += 7 * 3_600_000; // past any backoff (capped at 6 h)
    }
    expect(Object.fromEntries(pausedAt)).toEqual({ own: 2, global: 3 });
    expect((await getSourceHealth(db, 'own'))?.pauseReason).toMatch(/^paused after 2 consecutive failures/);
    expect(await getSourceHealth(db, 'never')).toMatchObject({ paused: false, consecutiveFailures: 4 });
  });
});
