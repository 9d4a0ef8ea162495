/**
 * One pipeline benchmark run (benchmark helper, not production code): simulated outlets + fake Discord + real
 * Redis + a real database, raqib in K child processes (every stage in each, as replicas would run), a warm-up
 * until the first crawl of every outlet has been processed, then M minutes of publishing and a drain. Returns the
 * measurements; `bench/pipeline-bench.ts` prints them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createQueues, type Queues } from '../../src/queues/create-queues.js';
import { openDb } from '../../src/store/db.js';
import { startFakeDiscord, type FakeDiscord } from '../../tests/helpers/fake-discord.js';
import { buildVocabulary } from './article-text.js';
import {
  hostLoad,
  itemFate,
  sightBreakdown,
  spread,
  type HostLoad,
  type ItemFate,
  type PostRecord,
  type SightBreakdown,
  type Spread,
  type StoredRow,
} from './bench-metrics.js';
import type { WorkerReport } from './bench-worker.js';
import { startSimOutlets, type SimItem, type SimOutlets } from './sim-outlets.js';
import { simSources } from './sim-sources.js';
import { planNow } from './plan-now.js';
import type { PublicationSchedule } from './publication-schedule.js';
import { seedHistory } from './seed-history.js';
import { startSimHub } from './sim-hub.js';
import { awaitSubscriptions, freePort, webSubFigures, type WebSubFigures } from './websub-bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');

export interface BenchOptions {
  sources: number;
  minutes: number;
  /** New items per minute over all outlets. */
  rate: number;
  workers: number;
  intervalMs: number;
  topicalShare: number;
  slowShare: number;
  failShare: number;
  /** Items in each feed at start and their age range (ms); default 5 items 4–10 days old. */
  initialItems?: number;
  initialAgeMs?: [number, number];
  /** FIRST_CRAWL_ALERT_AGE of the workers (`6h`, `0`, `off`); absent = the environment's own, else raqib's 6h. */
  firstCrawlAlertAge?: string;
  /** Extra delay of every simulated article page (ms). */
  articleDelayMs?: number;
  minDelayMs: number;
  redisUrl: string;
  /** PostgreSQL server URL (a database is created for the run and dropped after); null = PGlite (1 worker). */
  postgresUrl: string | null;
  seed: number;
  /** Longest wait after publishing stops for the last items to be crawled and posted. */
  drainMs: number;
  /** Longest wait for the first crawl of every outlet to be processed. */
  warmupMs: number;
  /** How long the worker processes may take to start (10,000 sources on a loaded machine need more). @defaultValue 2 min */
  startTimeoutMs?: number;
  logLevel: string;
  corpusFile: string | null;
  keepLogs: boolean;
  /** Heap after a forced GC is sampled this often while publishing (0 = only at the start and end). */
  heapEveryMs?: number;
  /** Write a heap snapshot of every worker at the start and end of the measured window into this directory. */
  heapSnapshotDir?: string | null;
  /** raqib's story window for the workers (STORY_WINDOW_HOURS); default raqib's own (72 h). */
  storyWindowMs?: number | null;
  /** Fixed polling at `intervalMs` (POLL_ADAPTIVE=false) or raqib's adaptive policy. @defaultValue 'fixed' */
  policy?: 'fixed' | 'adaptive';
  /** Publish this schedule (and seed its history) instead of a Poisson process at `rate` over random outlets. */
  schedule?: PublicationSchedule | null;
  /** Keep-alive of the simulated outlets' servers (ms). @defaultValue 65 000 */
  keepAliveMs?: number;
  /**
   * Share of outlets whose feeds advertise the simulated WebSub hub. Adaptive runs (raqib's policy) set PUBLIC_URL
   * and serve the callback, so raqib subscribes; fixed runs poll these outlets like the others. @defaultValue 0
   */
  hubShare?: number;
}

export interface HeapSample {
  /** Seconds since publishing started. */
  atSeconds: number;
  /** Heap after a forced GC, all workers (MB). */
  heapMb: number;
  /** Items held in the story index, all workers. */
  storyItems: number;
}

export interface BenchResult {
  options: Omit<BenchOptions, 'redisUrl' | 'postgresUrl' | 'schedule'> & {
    database: 'postgres' | 'pglite';
    policy: 'fixed' | 'adaptive';
    schedule: 'realistic' | 'uniform';
  };
  /** History items seeded for the rate models (realistic schedule). */
  historyItems: number;
  /** Adaptive runs: the plan in force when publishing started (intervals over the sources, seconds). */
  plan: { sources: number; minSeconds: number; medianSeconds: number; maxSeconds: number } | null;
  warmupSeconds: number;
  /** Seconds until every outlet's feed had been fetched once (null: not within the warm-up). */
  firstCrawlSeconds: number | null;
  /** Article pages fetched during the warm-up. */
  warmupPages: number;
  measuredSeconds: number;
  publishSeconds: number;
  /** Article pages answered per minute while publishing, and items published per minute (the offered load). */
  throughput: { articlePagesPerMinute: number; publishedPerMinute: number };
  /** Requests that started while publishing (the same window for every policy): feeds, and all kinds. */
  requestsWhilePublishing: { feed: number; all: number };
  latencyMs: { publicationToFirstSight: Spread; firstSightToPost: Spread; publicationToPost: Spread };
  /** First sight → post, split at the item's page request. */
  sightBreakdown: SightBreakdown;
  /** The outlets that advertise the simulated hub (null when --hub-share is 0). */
  websub: WebSubFigures | null;
  /** The busiest tenth of outlets (by mean rate; realistic schedule only). */
  busiest: { publicationToFirstSight: Spread; publicationToPost: Spread } | null;
  hosts: HostLoad;
  cpu: { secondsPerMinute: number; shareOfOneCore: number; perWorkerSecondsPerMinute: number[] };
  memory: {
    peakRssMb: number;
    peakRssPerWorkerMb: number[];
    heapStartMb: number;
    heapEndMb: number;
    heapGrowthMb: number;
    /** Heap after GC over the measured window, and its least-squares slope (MB per hour) overall and in the second half. */
    heapSeries: HeapSample[];
    heapSlopeMbPerHour: number | null;
    heapSlopeSecondHalfMbPerHour: number | null;
    storyItemsStart: number;
    storyItemsEnd: number;
    snapshots: string[];
  };
  counts: {
    published: number;
    topical: number;
    alerted: number;
    joined: number;
    belowAlert: number;
    mergedUnalerted: number;
    offTopicAlerted: number;
    duplicated: number;
    missed: number;
    neverSeen: number;
    notStored: number;
    alertNotPosted: number;
    discordMessages: number;
  };
  logsDir: string | null;
}

interface Child {
  process: ChildProcess;
  reports: WorkerReport[];
  ready: Promise<void>;
  exited: Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const ITEM_ID = /\/a\/(o\d+-\d+)\.html/g;

export async function runBench(options: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  if (options.postgresUrl === null && options.workers > 1)
    throw new Error('several worker processes need PostgreSQL (PGlite is one process)');
  const policy = options.policy ?? 'fixed';
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const prefix = `bench-${runId}`;
  const dir = mkdtempSync(join(tmpdir(), 'raqib-bench-'));
  const corpus =
    options.corpusFile && existsSync(options.corpusFile)
      ? readFileSync(options.corpusFile, 'utf8').split('\n')
      : null;
  const cleanups: Array<() => Promise<unknown>> = [];
  const children: Child[] = [];
  let queues: Queues | undefined;
  let cleaned: Promise<void> | null = null;
  const cleanupAll = () =>
    (cleaned ??= (async () => {
      await Promise.all(children.map((c) => stopChild(c)));
      await queues?.close();
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      if (!options.keepLogs) rmSync(dir, { recursive: true, force: true });
    })());
  // Ctrl-C still stops the workers, drops the run's database and deletes its Redis keys.
  const onSignal = () => {
    log('interrupted: cleaning up');
    void cleanupAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const hubShare = options.hubShare ?? 0;
    const hub = hubShare > 0 ? await startSimHub() : null;
    if (hub) cleanups.push(() => hub.close());
    const subscribe = hub !== null && policy === 'adaptive';
    const sim = await startSimOutlets({
      outlets: options.sources,
      ratePerMinute: options.rate,
      topicalShare: options.topicalShare,
      slowShare: options.slowShare,
      failShare: options.failShare,
      ...(options.initialItems !== undefined ? { initialItems: options.initialItems } : {}),
      ...(options.initialAgeMs ? { initialAgeMs: options.initialAgeMs } : {}),
      ...(options.articleDelayMs ? { articleDelayMs: options.articleDelayMs } : {}),
      seed: options.seed,
      vocab: buildVocabulary(corpus),
      ...(options.schedule ? { schedule: options.schedule.items } : {}),
      ...(options.keepAliveMs ? { keepAliveMs: options.keepAliveMs } : {}),
      ...(hub
        ? {
            hub: {
              url: hub.url,
              share: hubShare,
              publish: (topic: string, body: string) => void hub.publish(topic, body),
            },
          }
        : {}),
    });
    const hubOutlets = sim.outlets.filter((o) => o.hub !== null);
    const hubTopics = new Set(hubOutlets.map((o) => o.feedUrl));
    const callbackPort = subscribe ? await freePort() : null;
    cleanups.push(() => sim.close());
    const discord = await startFakeDiscord({ botToken: 'BENCH-TOKEN' });
    cleanups.push(() => discord.close());
    const sourcesFile = join(dir, 'sources.json');
    writeFileSync(
      sourcesFile,
      JSON.stringify(
        simSources(sim.outlets, { intervalMs: options.intervalMs, minDelayMs: options.minDelayMs }),
      ),
    );

    let databaseUrl: string | undefined;
    if (options.postgresUrl) {
      const name = `raqib_bench_${runId.replace(/[^a-z0-9]/g, '')}`;
      databaseUrl = await createDatabase(options.postgresUrl, name);
      cleanups.push(() => dropDatabase(options.postgresUrl as string, name));
    }
    const historyItems = options.schedule
      ? await seedHistory({ databaseUrl, dataDir: join(dir, 'data') }, sim.outlets, options.schedule, {
          now: Date.now(),
          firstCrawlAgoMs: 8 * 86400_000,
        })
      : 0;
    if (historyItems > 0) log(`history: ${historyItems} items seeded for the rate models`);
    const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    cleanups.push(async () => {
      await deleteKeys(redis, prefix);
      await redis.quit();
    });
    const redisUrl = new URL(options.redisUrl);
    queues = createQueues(
      {
        host: redisUrl.hostname,
        port: Number(redisUrl.port || 6379),
        db: Number(redisUrl.pathname.slice(1) || 0),
      },
      prefix,
    );

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: prefix,
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: options.logLevel,
      DISCORD_TOKEN: 'BENCH-TOKEN',
      DISCORD_CHANNEL_IDS: '100000000000000001',
      DIGEST_TIME: 'off',
      DISCORD_API_URL: discord.apiUrl,
      CHANNELS_FILE: '',
      DISCORD_WEBHOOK_URL: '',
      BENCH_SOURCES_FILE: sourcesFile,
      POLL_ADAPTIVE: policy === 'adaptive' ? 'true' : 'false',
      ...(options.firstCrawlAlertAge !== undefined
        ? { FIRST_CRAWL_ALERT_AGE: options.firstCrawlAlertAge }
        : {}),
      ...(options.storyWindowMs ? { STORY_WINDOW_HOURS: String(options.storyWindowMs / 3600_000) } : {}),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
      // raqib's policy subscribes where a feed offers a hub; the callback server runs in the workers.
      ...(callbackPort
        ? { PUBLIC_URL: `http://127.0.0.1:${callbackPort}`, BENCH_DASHBOARD_PORT: String(callbackPort) }
        : { PUBLIC_URL: '' }),
    };
    for (let k = 0; k < options.workers; k++) children.push(spawnWorker(env, join(dir, `worker-${k}.log`)));
    await Promise.race([
      Promise.all(children.map((c) => c.ready)),
      sleep(options.startTimeoutMs ?? 120_000).then(() => {
        throw new Error(`workers did not start; see ${dir}/worker-*.log`);
      }),
    ]);
    log(
      `${options.workers} worker process(es) ready; warming up (first crawl of ${options.sources} outlets)`,
    );

    const warmStart = Date.now();
    let allCrawledAt: number | null = null;
    await waitUntil(
      async () => {
        const crawled = new Set(
          sim.requests.filter((r) => r.kind === 'feed' && r.status === 200).map((r) => r.outlet),
        ).size;
        if (crawled >= options.sources) allCrawledAt ??= Date.now();
        const pending = await pendingJobs(queues as Queues);
        return {
          done: crawled >= options.sources && pending === 0,
          note:
            `${crawled} outlets crawled, ${pending} jobs pending · rss ` +
            `${mb(children.reduce((acc, c) => acc + (c.reports.at(-1)?.rss ?? 0), 0))} MB`,
        };
      },
      { timeoutMs: options.warmupMs, stableRounds: 3, log, label: 'warm-up' },
    );
    const activeAtStart =
      hub && subscribe
        ? await awaitSubscriptions(hub, hubTopics, queues, Math.max(60_000, options.warmupMs / 2), log)
        : 0;
    if (hub)
      log(
        subscribe
          ? `websub: ${activeAtStart} of ${hubOutlets.length} hub outlets subscribed (${hub.requests.length} hub requests)`
          : `websub: ${hubOutlets.length} outlets advertise the hub; polled like the others (no PUBLIC_URL)`,
      );
    const warmupSeconds = (Date.now() - warmStart) / 1000;
    const firstCrawlSeconds = allCrawledAt === null ? null : (allCrawledAt - warmStart) / 1000;
    const warmupPages = sim.requests.filter((r) => r.kind === 'article').length;

    const plan = policy === 'adaptive' ? await planNow(queues, redis, prefix, log) : null;
    const snapshotFiles = (label: string) =>
      options.heapSnapshotDir
        ? children.map((_, k) => join(options.heapSnapshotDir as string, `worker-${k}-${label}.heapsnapshot`))
        : undefined;
    const start = await collectReports(children, true, snapshotFiles('start'));
    const t0 = Date.now();
    const heapSeries: HeapSample[] = [heapSample(start, t0)];
    let sampling = Promise.resolve();
    const heapTimer =
      options.heapEveryMs && options.heapEveryMs > 0
        ? setInterval(() => {
            sampling = sampling.then(async () => {
              heapSeries.push(heapSample(await collectReports(children, true), t0));
            });
          }, options.heapEveryMs)
        : null;
    cleanups.push(async () => {
      if (heapTimer) clearInterval(heapTimer);
    });
    sim.startPublishing();
    log(
      `publishing ~${options.rate} items/min for ${options.minutes} min (warm-up took ${warmupSeconds.toFixed(0)} s)`,
    );
    const progress = setInterval(
      () => void progressLine(sim, discord, queues as Queues, children, t0).then(log),
      10_000,
    );
    cleanups.push(async () => clearInterval(progress));
    await sleep(options.minutes * 60_000);
    sim.stopPublishing();
    const tPublishEnd = Date.now();
    const atPublishEnd = await collectReports(children, false);
    log('publishing stopped; draining');
    await waitUntil(
      async () => {
        const measured = [...sim.items.values()].filter((i) => !i.initial);
        const unseen = measured.filter((i) => i.firstServedAt === null).length;
        const pending = await pendingJobs(queues as Queues);
        return {
          done: unseen === 0 && pending === 0,
          note: `${unseen} items unseen, ${pending} jobs pending`,
        };
      },
      { timeoutMs: options.drainMs, stableRounds: 3, log, label: 'drain', quiet: true },
    );
    clearInterval(progress);
    if (heapTimer) clearInterval(heapTimer);
    await sampling;
    const t1 = Date.now();
    const end = await collectReports(children, true, snapshotFiles('end'));
    heapSeries.push(heapSample(end, t0));

    await Promise.all(children.map((c) => stopChild(c)));
    const rows = await readStoredItems(databaseUrl, join(dir, 'data'));

    const measured = [...sim.items.values()].filter((i) => !i.initial);
    const posts = postsOf(discord, sim);
    const fates = new Map<SimItem, ItemFate>();
    for (const item of measured) fates.set(item, itemFate(item, rows.get(item.id), posts));
    const count = (f: ItemFate) => [...fates.values()].filter((x) => x === f).length;
    const firstPost = new Map<SimItem, number>();
    const postsPerItem = new Map<SimItem, number>();
    for (const p of posts) {
      postsPerItem.set(p.lead, (postsPerItem.get(p.lead) ?? 0) + 1);
      firstPost.set(p.lead, Math.min(firstPost.get(p.lead) ?? Infinity, p.createdAt));
    }
    const seen = measured.filter((i) => i.firstServedAt !== null);
    const postedMeasured = measured.filter((i) => firstPost.has(i));
    // The GCs and snapshots the benchmark forces are its own cost, not raqib's.
    const ownCpu = (r: WorkerReport | undefined) => (r ? r.cpuMicros - r.forcedGcMicros : 0);
    const cpuDelta = (a: WorkerReport[], b: WorkerReport[]) =>
      b.map((r, k) => (ownCpu(r) - ownCpu(a[k])) / 1e6);
    const publishMinutes = (tPublishEnd - t0) / 60_000;
    const perWorker = cpuDelta(start, atPublishEnd).map((s) => s / publishMinutes);
    const cpuPerMinute = perWorker.reduce((a, b) => a + b, 0);
    const heapStart = start.reduce((a, r) => a + r.heapUsed, 0);
    const heapEnd = end.reduce((a, r) => a + r.heapUsed, 0);
    const { redisUrl: _r, postgresUrl: _p, schedule: _s, ...shown } = options;
    const busiest = options.schedule?.busiest;
    const busy = (list: SimItem[]) => (busiest ? list.filter((i) => busiest.has(i.outlet)) : []);
    return {
      options: {
        ...shown,
        database: databaseUrl ? 'postgres' : 'pglite',
        policy,
        schedule: options.schedule ? 'realistic' : 'uniform',
      },
      historyItems,
      plan,
      requestsWhilePublishing: {
        feed: sim.requests.filter((r) => r.kind === 'feed' && r.start >= t0 && r.start <= tPublishEnd).length,
        all: sim.requests.filter((r) => r.start >= t0 && r.start <= tPublishEnd).length,
      },
      websub: hub
        ? webSubFigures({
            hub,
            hubOutletIndexes: new Set(hubOutlets.map((o) => o.index)),
            subscribed: subscribe,
            activeAtStart,
            seen,
            firstPost: new Map(postedMeasured.map((i) => [i, firstPost.get(i) as number])),
            window: { from: t0, to: tPublishEnd },
            feedRequestsWhilePublishing: sim.requests.filter(
              (r) =>
                r.kind === 'feed' &&
                r.start >= t0 &&
                r.start <= tPublishEnd &&
                sim.outlets[r.outlet]?.hub !== null,
            ).length,
          })
        : null,
      busiest: busiest
        ? {
            publicationToFirstSight: spread(
              busy(seen).map((i) => (i.firstServedAt as number) - i.publishedAt),
            ),
            publicationToPost: spread(
              busy(postedMeasured).map((i) => (firstPost.get(i) as number) - i.publishedAt),
            ),
          }
        : null,
      warmupSeconds,
      firstCrawlSeconds,
      warmupPages,
      measuredSeconds: (t1 - t0) / 1000,
      publishSeconds: (tPublishEnd - t0) / 1000,
      throughput: {
        articlePagesPerMinute: round(
          sim.requests.filter((r) => r.kind === 'article' && r.end >= t0 && r.end <= tPublishEnd).length /
            publishMinutes,
          1,
        ),
        publishedPerMinute: round(
          measured.filter((i) => i.publishedAt <= tPublishEnd).length / publishMinutes,
          1,
        ),
      },
      latencyMs: {
        publicationToFirstSight: spread(seen.map((i) => (i.firstServedAt as number) - i.publishedAt)),
        firstSightToPost: spread(
          postedMeasured.map((i) => (firstPost.get(i) as number) - (i.firstServedAt ?? i.publishedAt)),
        ),
        publicationToPost: spread(postedMeasured.map((i) => (firstPost.get(i) as number) - i.publishedAt)),
      },
      sightBreakdown: sightBreakdown(
        new Map(postedMeasured.map((i) => [i, firstPost.get(i) as number])),
        sim.requests,
      ),
      hosts: hostLoad(
        sim.requests,
        options.sources,
        { from: t0, to: t1 },
        { minDelayMs: options.minDelayMs },
      ),
      cpu: {
        secondsPerMinute: round(cpuPerMinute, 2),
        shareOfOneCore: round(cpuPerMinute / 60, 3),
        perWorkerSecondsPerMinute: perWorker.map((s) => round(s, 2)),
      },
      memory: {
        peakRssMb: mb(Math.max(...end.map((r) => r.maxRss))),
        peakRssPerWorkerMb: end.map((r) => mb(r.maxRss)),
        heapStartMb: mb(heapStart),
        heapEndMb: mb(heapEnd),
        heapGrowthMb: mb(heapEnd - heapStart),
        heapSeries,
        heapSlopeMbPerHour: slopePerHour(heapSeries),
        heapSlopeSecondHalfMbPerHour: slopePerHour(
          heapSeries.filter((h) => h.atSeconds >= (heapSeries.at(-1)?.atSeconds ?? 0) / 2),
        ),
        storyItemsStart: start.reduce((a, r) => a + r.storyItems, 0),
        storyItemsEnd: end.reduce((a, r) => a + r.storyItems, 0),
        snapshots: [...start, ...end].flatMap((r) => (r.snapshotFile ? [r.snapshotFile] : [])),
      },
      counts: {
        published: measured.length,
        topical: measured.filter((i) => i.topical).length,
        alerted: count('posted'),
        joined: count('joined'),
        belowAlert: count('below-alert'),
        mergedUnalerted: count('merged-unalerted'),
        offTopicAlerted: measured.filter((i) => !i.topical && fates.get(i) === 'posted').length,
        duplicated: [...postsPerItem.values()].filter((n) => n > 1).length,
        missed: count('never-seen') + count('not-stored') + count('alert-not-posted'),
        neverSeen: count('never-seen'),
        notStored: count('not-stored'),
        alertNotPosted: count('alert-not-posted'),
        discordMessages: discord.messages.size,
      },
      logsDir: options.keepLogs ? dir : null,
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanupAll();
  }
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function heapSample(reports: WorkerReport[], t0: number): HeapSample {
  return {
    atSeconds: round((Math.max(...reports.map((r) => r.at)) - t0) / 1000, 1),
    heapMb: mb(reports.reduce((a, r) => a + r.heapUsed, 0)),
    storyItems: reports.reduce((a, r) => a + r.storyItems, 0),
  };
}

/** Least-squares slope of heap against time, MB per hour (null with fewer than 3 samples). */
export function slopePerHour(samples: HeapSample[]): number | null {
  if (samples.length < 3) return null;
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.atSeconds, 0) / n;
  const my = samples.reduce((a, s) => a + s.heapMb, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const s of samples) {
    sxy += (s.atSeconds - mx) * (s.heapMb - my);
    sxx += (s.atSeconds - mx) ** 2;
  }
  return sxx === 0 ? null : round((sxy / sxx) * 3600, 1);
}

function spawnWorker(env: NodeJS.ProcessEnv, logFile: string): Child {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, 'bench-worker.ts')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', out, out, 'ipc'],
  });
  const reports: WorkerReport[] = [];
  let onReady: () => void = () => undefined;
  let onFail: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((res, rej) => {
    onReady = res;
    onFail = rej;
  });
  child.on('message', (message: { type?: string }) => {
    if (message.type === 'ready') onReady();
    if (message.type === 'stats') reports.push(message as WorkerReport);
  });
  const exited = new Promise<void>((res) =>
    child.once('exit', (code) => {
      onFail(new Error(`worker exited with code ${code}; see ${logFile}`));
      res();
    }),
  );
  return { process: child, reports, ready, exited };
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 30_000);
  await child.exited;
  clearTimeout(timer);
}

/** The next report of every child (after a forced GC when `gc`). */
async function collectReports(
  children: Child[],
  gc: boolean,
  snapshotFiles?: string[],
): Promise<WorkerReport[]> {
  return Promise.all(
    children.map(async (child, k) => {
      const before = child.reports.length;
      const snapshotFile = snapshotFiles?.[k];
      if (gc) child.process.send({ type: 'report-after-gc', ...(snapshotFile ? { snapshotFile } : {}) });
      // A heap snapshot of a few hundred MB takes a while to write.
      for (let i = 0; i < (snapshotFile ? 6000 : 100); i++) {
        const fresh = child.reports.slice(before).find((r) => !gc || r.afterGc);
        if (fresh) return fresh;
        await sleep(100);
      }
      const last = child.reports.at(-1);
      if (!last) throw new Error('a worker sent no report');
      return last;
    }),
  );
}

async function pendingJobs(queues: Queues): Promise<number> {
  let pending = 0;
  for (const queue of [queues.article, queues.deliver]) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    pending += Object.values(counts).reduce((a, b) => a + b, 0);
  }
  return pending;
}

async function waitUntil(
  check: () => Promise<{ done: boolean; note: string }>,
  opts: { timeoutMs: number; stableRounds: number; log: (l: string) => void; label: string; quiet?: boolean },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let stable = 0;
  let lastLog = Date.now();
  for (;;) {
    const { done, note } = await check();
    stable = done ? stable + 1 : 0;
    if (stable >= opts.stableRounds) return;
    if (Date.now() > deadline) {
      opts.log(`${opts.label}: gave up after ${Math.round(opts.timeoutMs / 1000)} s (${note})`);
      return;
    }
    if (!opts.quiet && Date.now() - lastLog > 10_000) {
      opts.log(`${opts.label}: ${note}`);
      lastLog = Date.now();
    }
    await sleep(1000);
  }
}

async function progressLine(
  sim: SimOutlets,
  discord: FakeDiscord,
  queues: Queues,
  children: Child[],
  t0: number,
): Promise<string> {
  const measured = [...sim.items.values()].filter((i) => !i.initial);
  const seen = measured.filter((i) => i.firstServedAt !== null).length;
  const counts = await queues.article.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
  const deliver = await queues.deliver.getJobCounts('waiting', 'active', 'delayed');
  const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  const last = children.map((c) => c.reports.slice(-5));
  const cpu = last.reduce((acc, r) => {
    const a = r[0];
    const b = r.at(-1);
    return a && b && b.at > a.at ? acc + (b.cpuMicros - a.cpuMicros) / 1000 / (b.at - a.at) : acc;
  }, 0);
  const rss = children.reduce((acc, c) => acc + (c.reports.at(-1)?.rss ?? 0), 0);
  return (
    `[${Math.round((Date.now() - t0) / 1000)}s] published ${measured.length} (topical ` +
    `${measured.filter((i) => i.topical).length}) · seen ${seen} · discord messages ${discord.messages.size} · ` +
    `queued article ${sum(counts)} deliver ${sum(deliver)} · cpu ${(cpu * 100).toFixed(0)}% of a core · ` +
    `rss ${mb(rss)} MB`
  );
}

/** Created Discord messages, each with the sim item it leads with and the other sim items it lists. */
function postsOf(discord: FakeDiscord, sim: SimOutlets): PostRecord[] {
  const posts: PostRecord[] = [];
  for (const message of discord.messages.values()) {
    const embeds = message.embeds as Array<{ url?: string }>;
    const ids = [...`${message.content} ${JSON.stringify(message.embeds)}`.matchAll(ITEM_ID)].map(
      (m) => m[1],
    );
    const leadUrl = embeds[0]?.url;
    const lead = (leadUrl ? sim.itemForUrl(leadUrl) : undefined) ?? sim.items.get(ids[0] ?? '');
    if (!lead) continue;
    const also = [...new Set(ids)]
      .map((id) => sim.items.get(id ?? ''))
      .filter((i): i is SimItem => i !== undefined && i !== lead);
    posts.push({ lead, createdAt: message.createdAt, also });
  }
  return posts;
}

async function readStoredItems(
  databaseUrl: string | undefined,
  dataDir: string,
): Promise<Map<string, StoredRow>> {
  const db = await openDb({ databaseUrl, dataDir });
  try {
    const { rows } = await db.query<{
      id: string;
      url: string;
      decision: string | null;
      duplicate_of: string | null;
      story_id: string | null;
    }>('select id, url, decision, duplicate_of, story_id from items');
    const out = new Map<string, StoredRow>();
    for (const row of rows) {
      const simId = /\/a\/(o\d+-\d+)\.html/.exec(row.url)?.[1];
      if (simId)
        out.set(simId, {
          id: row.id,
          url: row.url,
          decision: row.decision,
          duplicateOf: row.duplicate_of,
          storyId: row.story_id,
        });
    }
    return out;
  } finally {
    await db.close();
  }
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
