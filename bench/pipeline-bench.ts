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
 * FIRST_CRAWL_ALERT_AGE: 6h, 0 or off; default the environment's, else raqib's 6h), --start-timeout 2m (how long
 * the worker processes may take to start).
 *
 * --policy both (default) runs fixed polling (POLL_ADAPTIVE=false) and then raqib's adaptive policy on the same
 * publication schedule and prints each run and a comparison; --policy fixed / adaptive runs one. --schedule
 * realistic (default; bench/sim/publication-schedule.ts) gives outlets mean rates over two orders of magnitude, a
 * day/night cycle in their zones and bursts, with days of history seeded for the rate models; --schedule uniform
 * is the older Poisson process over random outlets. --keep-alive (outlet servers' idle keep-alive; default 65s,
 * 5s above 3,000 sources so that the loopback hosts do not hold one idle connection each). --hub-share 0.2 (share of
 * outlets whose feeds advertise a simulated WebSub hub on a local server, bench/sim/sim-hub.ts: the adaptive run
 * sets PUBLIC_URL to the workers' callback server, so raqib subscribes and the hub pushes each new item; the fixed
 * run polls those outlets like the others; 0 = no hub).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseAgeLimit, parseDurationMs } from '../src/config/duration.js';
import { comparison, format } from './sim/format-result.js';
import { buildSchedule } from './sim/publication-schedule.js';
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
    'start-timeout': { type: 'string', default: '2m' },
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
    policy: { type: 'string', default: 'both' },
    schedule: { type: 'string', default: 'realistic' },
    'keep-alive': { type: 'string' },
    'hub-share': { type: 'string', default: '0.2' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  const doc = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  console.log((/\/\*\*([\s\S]*?)\*\//.exec(doc)?.[1] ?? '').replace(/^ \* ?/gm, '').trim());
  process.exit(0);
}

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
const policies =
  values.policy === 'both' ? (['fixed', 'adaptive'] as const) : ([values.policy] as ('fixed' | 'adaptive')[]);
if (!policies.every((p) => p === 'fixed' || p === 'adaptive'))
  throw new Error('--policy must be fixed, adaptive or both');
if (values.schedule !== 'realistic' && values.schedule !== 'uniform')
  throw new Error('--schedule must be realistic or uniform');
const sources = num('sources', values.sources);
const minutes = num('minutes', values.minutes);
const rate = num('rate', values.rate);
const topicalShare = num('topical', values.topical);
const seed = num('seed', values.seed);
// Drawn once: every policy replays the same items at the same offsets from its start.
const schedule =
  values.schedule === 'realistic'
    ? buildSchedule({
        outlets: sources,
        perMinute: rate,
        runMs: minutes * 60_000,
        topicalShare,
        seed,
        anchor: Date.now(),
      })
    : null;
const keepAliveMs = values['keep-alive']
  ? parseDurationMs(values['keep-alive'])
  : sources > 3000
    ? 5_000
    : 65_000;
const results: BenchResult[] = [];
for (const policy of policies) {
  console.error(`— ${policy} polling —`);
  const snapshots = values['heap-snapshots'];
  results.push(
    await runBench(
      {
        sources,
        minutes,
        rate,
        workers: Math.max(1, num('workers', values.workers)),
        intervalMs,
        topicalShare,
        slowShare: num('slow', values.slow),
        failShare: num('fail', values.fail),
        minDelayMs: parseDurationMs(values['min-delay']),
        initialItems: num('initial', values.initial),
        articleDelayMs: values['article-delay'] === '0ms' ? 0 : parseDurationMs(values['article-delay']),
        initialAgeMs: [ageRange[0] as number, ageRange[1] as number],
        ...(firstCrawlAlertAge !== undefined ? { firstCrawlAlertAge } : {}),
        redisUrl: values['redis-url'],
        postgresUrl: values.pglite ? null : values['postgres-url'],
        seed,
        drainMs: values.drain ? parseDurationMs(values.drain) : intervalMs * 2 + 60_000,
        warmupMs: parseDurationMs(values.warmup),
        startTimeoutMs: parseDurationMs(values['start-timeout']),
        logLevel: values['log-level'],
        corpusFile: values.corpus,
        keepLogs: values['keep-logs'],
        heapEveryMs: values['heap-every'] === '0' ? 0 : parseDurationMs(values['heap-every']),
        heapSnapshotDir: snapshots
          ? resolve(policies.length > 1 ? `${snapshots}/${policy}` : snapshots)
          : null,
        storyWindowMs: values['story-window'] ? parseDurationMs(values['story-window']) : null,
        policy,
        schedule,
        keepAliveMs,
        hubShare: Math.min(1, num('hub-share', values['hub-share'])),
      },
      (line) => console.error(line),
    ),
  );
}

if (values.json) console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
else {
  console.log(results.map(format).join('\n\n'));
  if (results.length > 1) console.log(`\n${comparison(results)}`);
}
process.exit(0);
