/**
 * Pipeline benchmark: `npm run bench:pipeline -- --sources N --minutes M --rate R [--workers K] [--interval 60s]
 * [--json]`. Simulated outlets (bench/sim) publish items at random times; raqib runs in K worker processes against
 * real Redis, a real database (a fresh PostgreSQL database, or PGlite with --pglite) and a fake Discord; prints
 * latency (publication → first sight → Discord post), per-host request rates and pacing, CPU, memory and counts.
 * Options: --topical 0.3 (share of on-topic items), --slow 0.02, --fail 0.005 (share of slow / HTTP 500 responses),
 * --min-delay 3s (per-host politeness), --initial 5 and --initial-age 4d-10d (items in each feed at start and
 * their age: 1h-24h makes the first crawl fetch and classify them), --article-delay 0ms (every article page answers
 * this much later: makes the article stage the bottleneck), --seed 1, --drain <duration>, --keep-logs,
 * --log-level warn, --heap-every 2m (heap after GC sampled while publishing; 0 = start and end only),
 * --heap-snapshots <dir> (heap snapshots of every worker at the start and end; compare them with
 * `npm run bench:heap-diff -- A B`), --story-window <duration> (raqib's STORY_WINDOW_HOURS: a window shorter than
 * the run shows the heap once eviction balances arrivals), --first-crawl-alert-age <duration> (the workers'
 * FIRST_CRAWL_ALERT_AGE: 6h, 0 or off; default the environment's, else raqib's 6h).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAgeLimit, parseDurationMs } from '../src/config/duration.js';
import { runBench, type BenchResult } from './sim/run-bench.js';

const { values } = parseArgs({
  options: {
    sources: { type: 'string', default: '50' },
    minutes: { type: 'string', default: '2' },
    rate: { type: 'string', default: '20' },
    workers: { type: 'string', default: '1' },
    interval: { type: 'string', default: '60s' },
    topical: { type: 'string', default: '0.3' },
    slow: { type: 'string', default: '0.02' },
    fail: { type: 'string', default: '0.005' },
    'min-delay': { type: 'string', default: '3s' },
    initial: { type: 'string', default: '5' },
    'article-delay': { type: 'string', default: '0ms' },
    'initial-age': { type: 'string', default: '4d-10d' },
    'first-crawl-alert-age': { type: 'string' },
    seed: { type: 'string', default: '1' },
    drain: { type: 'string' },
    warmup: { type: 'string', default: '10m' },
    pglite: { type: 'boolean', default: false },
    'redis-url': { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'postgres-url': {
      type: 'string',
      default: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
    corpus: { type: 'string', default: resolve('bench/data/corpus/relevance-dev.jsonl') },
    'log-level': { type: 'string', default: 'warn' },
    'keep-logs': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'heap-every': { type: 'string', default: '2m' },
    'heap-snapshots': { type: 'string' },
    'story-window': { type: 'string' },
  },
});

const num = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
  return n;
};
const intervalMs = parseDurationMs(values.interval);
const ageRange = values['initial-age'].split('-').map((v) => parseDurationMs(v));
if (ageRange.length !== 2) throw new Error('--initial-age must be a range such as 1h-24h');
const firstCrawlAlertAge = values['first-crawl-alert-age'];
if (firstCrawlAlertAge !== undefined) parseAgeLimit(firstCrawlAlertAge); // fail here, not in every worker
const result = await runBench(
  {
    sources: num('sources', values.sources),
    minutes: num('minutes', values.minutes),
    rate: num('rate', values.rate),
    workers: Math.max(1, num('workers', values.workers)),
    intervalMs,
    topicalShare: num('topical', values.topical),
    slowShare: num('slow', values.slow),
    failShare: num('fail', values.fail),
    minDelayMs: parseDurationMs(values['min-delay']),
    initialItems: num('initial', values.initial),
    articleDelayMs: values['article-delay'] === '0ms' ? 0 : parseDurationMs(values['article-delay']),
    initialAgeMs: [ageRange[0] as number, ageRange[1] as number],
    ...(firstCrawlAlertAge !== undefined ? { firstCrawlAlertAge } : {}),
    redisUrl: values['redis-url'],
    postgresUrl: values.pglite ? null : values['postgres-url'],
    seed: num('seed', values.seed),
    drainMs: values.drain ? parseDurationMs(values.drain) : intervalMs * 2 + 60_000,
    warmupMs: parseDurationMs(values.warmup),
    logLevel: values['log-level'],
    corpusFile: values.corpus,
    keepLogs: values['keep-logs'],
    heapEveryMs: values['heap-every'] === '0' ? 0 : parseDurationMs(values['heap-every']),
    heapSnapshotDir: values['heap-snapshots'] ? resolve(values['heap-snapshots']) : null,
    storyWindowMs: values['story-window'] ? parseDurationMs(values['story-window']) : null,
  },
  (line) => console.error(line),
);

if (values.json) console.log(JSON.stringify(result, null, 2));
else console.log(format(result));
process.exit(0);

function slope(x: number | null): string {
  return x === null ? '–' : `${x >= 0 ? '+' : ''}${x} MB/h`;
}

function format(r: BenchResult): string {
  const s = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);
  const line = (label: string, x: BenchResult['latencyMs']['publicationToPost']) =>
    `  ${label.padEnd(30)} p50 ${s(x.p50).padStart(8)}  p95 ${s(x.p95).padStart(8)}  max ${s(x.max).padStart(8)}  (n=${x.n})`;
  const o = r.options;
  const c = r.counts;
  return [
    `raqib pipeline benchmark — ${o.sources} sources every ${o.intervalMs / 1000} s, ~${o.rate} items/min for ` +
      `${o.minutes} min, ${o.workers} worker process(es), ${o.database}`,
    `  warm-up ${r.warmupSeconds.toFixed(0)} s (every feed fetched once after ${r.firstCrawlSeconds?.toFixed(0) ?? '–'} s; ` +
      `${r.warmupPages} article pages; feeds started with ${o.initialItems ?? 5} items aged ` +
      `${((o.initialAgeMs?.[0] ?? 0) / 3600_000).toFixed(0)}–${((o.initialAgeMs?.[1] ?? 0) / 3600_000).toFixed(0)} h); measured ${r.measuredSeconds.toFixed(0)} s (publishing ` +
      `${r.publishSeconds.toFixed(0)} s + drain)`,
    `  throughput while publishing: ${r.throughput.articlePagesPerMinute} article pages/min for ` +
      `${r.throughput.publishedPerMinute} items published/min` +
      (o.articleDelayMs ? ` (every article page answered ${o.articleDelayMs} ms late)` : ''),
    'latency',
    line('publication → first sight', r.latencyMs.publicationToFirstSight),
    line('first sight → Discord post', r.latencyMs.firstSightToPost),
    line('publication → Discord post', r.latencyMs.publicationToPost),
    'outlets (measured at the simulated outlets)',
    `  requests per host per minute   max ${r.hosts.maxPerHostPerMinute}, mean ${r.hosts.meanPerHostPerMinute.toFixed(2)}`,
    `  pacing                         min gap ${r.hosts.minStartGapMs ?? '–'} ms (min delay ${o.minDelayMs} ms), ` +
      `${r.hosts.pacingViolations} violations, max in flight per host ${r.hosts.maxInFlight}`,
    `  requests                       ${Object.entries(r.hosts.byKind)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; ` +
      `status ${Object.entries(r.hosts.statuses)
        .map(([k, v]) => `${k}×${v}`)
        .join(' ')}`,
    'resources (all worker processes)',
    `  CPU                            ${r.cpu.secondsPerMinute} s per minute (${(r.cpu.shareOfOneCore * 100).toFixed(1)}% ` +
      `of one core; per worker ${r.cpu.perWorkerSecondsPerMinute.join(', ')})`,
    `  memory                         peak RSS ${r.memory.peakRssMb} MB; heap after GC ${r.memory.heapStartMb} → ` +
      `${r.memory.heapEndMb} MB (${r.memory.heapGrowthMb >= 0 ? '+' : ''}${r.memory.heapGrowthMb} MB)`,
    `  heap slope                     ${slope(r.memory.heapSlopeMbPerHour)} overall, ` +
      `${slope(r.memory.heapSlopeSecondHalfMbPerHour)} in the second half; story index ` +
      `${r.memory.storyItemsStart} → ${r.memory.storyItemsEnd} items (window ` +
      `${o.storyWindowMs ? `${o.storyWindowMs / 60_000} min` : '72 h'})`,
    `  heap after GC (s: MB)          ${r.memory.heapSeries.map((h) => `${h.atSeconds.toFixed(0)}: ${h.heapMb}`).join(', ')}`,
    ...r.memory.snapshots.map((f) => `  heap snapshot                  ${f}`),
    'items',
    `  published ${c.published} (on-topic ${c.topical}); alerted ${c.alerted}; joined an alerted story ${c.joined}; ` +
      `classified below alert ${c.belowAlert}; merged into an unalerted story ${c.mergedUnalerted}`,
    `  missed ${c.missed} (never seen ${c.neverSeen}, not stored ${c.notStored}, alert not posted ${c.alertNotPosted}); ` +
      `duplicated ${c.duplicated}; off-topic alerted ${c.offTopicAlerted}; Discord messages ${c.discordMessages}`,
    ...(r.logsDir ? [`  worker logs: ${r.logsDir}`] : []),
  ].join('\n');
}
