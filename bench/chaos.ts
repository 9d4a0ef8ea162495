/**
 * `npm run chaos [-- --short] [-- --alerts N]`: fault injection on the production wiring. Starts the production
 * entry point (`bin/raqib.js start`, the real worker table) as two replicas against simulated local outlets
 * (bench/sim) and the local fake Discord (tests/helpers/fake-discord.ts), with a channels file of two bot channels
 * (the first opens a follow-up thread per alert) and one webhook channel (no nonce). Outlets publish throughout,
 * and some on-topic items are published again by another outlet, so posted alerts are edited and their threads
 * announce the later report. Phases (each --phase seconds, default 10 short / 60 full):
 *
 *   faults    route, shared and global 429s, 5xx before and after the message is created, dropped answers, and a
 *             nonce window far shorter than Discord's (--nonce-window, default 5 s short / 30 s full)
 *   slow      a quarter of the answers 2–25 s late (past the client's 15 s timeout the message exists unanswered)
 *   sigkill   the faults again; one replica SIGKILLed while requests are in flight, a fresh one started
 *   replicas-3  the faults again, with a third replica
 *   outage    every Discord request answers 503 for --outage seconds of production time (default 75 short / 600
 *             full), compressed by --time-scale (5 / 4): the wall time, the circuit probe and the "delayed" mark
 *             are divided by it (configuration only, the production code paths), then Discord is back
 *   redis-kept  the private redis-server SIGKILLed and started again with its append-only file (fsync always)
 *   redis-lost  Discord down (503) until deliveries wait, then redis-server SIGKILLed and started again without its
 *               data (every job, schedule and lock gone) and Discord back
 *   postgres    every PostgreSQL connection reset and new ones refused for --pg-outage seconds (a TCP proxy the run
 *               owns; the shared server is never restarted), then restored
 *   calm      no faults: the backlog drains
 *
 * Each alert is counted in the phase its delivery record was created in. Prints per phase and channel: expected
 * (delivery records), posted (distinct alerts on Discord), lost, doubled, recovered by the reconciler (per phase,
 * all channels), latency from publication to post (p50/p95), and peak RSS (per phase, over the processes); later
 * reports not shown or announced twice; the outage backlog's drain time and order. Exits 1 when anything was
 * lost or doubled. After the Redis restarts and the PostgreSQL cut it also prints how long recovery took: the last
 * alert pending at the Redis restart posted (target: within 2 reconciler periods), and the first crawl stored and
 * first alert posted after PostgreSQL came back (target: within 30 s). A benchmark that reports figures, not a
 * timed test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startFakeDiscord } from '../tests/helpers/fake-discord.js';
import { startPgProxy, startPrivateRedis } from './chaos-infra.js';
import {
  collectSql,
  infraRecovery,
  outageBacklog,
  pendingAtRedisLoss as pendingAtRedisLoss_,
  report,
  type Row,
} from './chaos-report.js';
import { buildVocabulary } from './sim/article-text.js';
import { startSimOutlets, type SimOutlets } from './sim/sim-outlets.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
};
const short = flag('short');
const targetAlerts = option('alerts', short ? 60 : 1100);
// The outage in production time, compressed by configuration: its wall time and every outage-related setting
// (circuit probe, "delayed" mark) are divided by --time-scale; the code paths are the production ones.
const timeScale = Math.max(1, option('time-scale', short ? 5 : 4));
const outageSeconds = option('outage', short ? 75 : 600);
const outageWallSeconds = outageSeconds / timeScale;
const nonceWindowMs = option('nonce-window', short ? 5 : 30) * 1000;
const pgOutageSeconds = option('pg-outage', short ? 10 : 30);
const RECONCILE_MS = 5000;
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const repoRoot = resolve(import.meta.dirname, '..');
const TOKEN = 'CHAOS-TOKEN';
const BOT_CHANNELS = ['100000000000000101', '100000000000000102'];
const WEBHOOK_ID = '200000000000000101';
const PHASES = [
  'faults',
  'slow',
  'sigkill',
  'replicas-3',
  'outage',
  'redis-kept',
  'redis-lost',
  'postgres',
  'calm',
] as const;
type Phase = (typeof PHASES)[number];
/** raqib's channel id → the fake's channel id (the webhook posts into its own channel). */
const channelMap = {
  fakeChannelOf: (channelId: string) =>
    channelId.startsWith('discord-') ? channelId.slice('discord-'.length) : `webhook-channel-${WEBHOOK_ID}`,
};

// Publication rate: the share of generated items that become alerts (stories of their own) is what story
// clustering leaves: measured 14 % at 1,100 targeted (518 alerts) and 12 % at 2,200 (907) on 2026-12-04, so the
// rate is set for 12 %; the run prints how many alerts it really got. Seven timed phases and the outage.
const ALERT_SHARE = short ? 0.3 : 0.12;
const phaseSeconds = option('phase', short ? 10 : 60);
const publishSeconds = 7 * phaseSeconds + outageWallSeconds + 10;
const ratePerMinute = Math.ceil(((targetAlerts / ALERT_SHARE) * 60) / publishSeconds);

const log = (line: string) => console.error(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Proc {
  name: string;
  child: ChildProcess;
  peakRssKb: number;
  exited: boolean;
  /** The last log lines (stderr), shown when the run fails or the process exited by itself. */
  tail: string[];
  /** How it exited (signal or code). */
  exit?: string;
}

async function main(): Promise<number> {
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const prefix = `chaos-${runId}`;
  const schema = `chaos_${runId}`;
  const dir = mkdtempSync(join(tmpdir(), 'raqib-chaos-'));
  const sourcesDir = join(dir, 'selectors');
  mkdirSync(sourcesDir);
  const cleanups: Array<() => Promise<unknown>> = [];
  const procs: Proc[] = [];
  try {
    const sim = await startSimOutlets({
      outlets: short ? 12 : 40,
      ratePerMinute,
      topicalShare: 0.4,
      slowShare: 0,
      failShare: 0,
      seed: 24,
      vocab: buildVocabulary(null),
    });
    cleanups.push(() => sim.close());
    for (const outlet of sim.outlets) {
      // JSON is YAML: the production loader reads these files from SOURCES_DIR.
      const file = {
        name: `Simulated outlet ${outlet.index}`,
        language: 'ar',
        interval: '2s',
        allowedHosts: [outlet.host.split(':')[0]],
        allowPrivateAddresses: true,
        politeness: { maxInFlight: 4, minDelay: '50ms' },
        fetch: [{ type: 'feed', url: outlet.feedUrl }],
        notes: 'chaos: simulated outlet (constructed text)',
      };
      writeFileSync(join(sourcesDir, `${outlet.id}.yaml`), JSON.stringify(file));
    }
    // Channels: the first bot channel opens a follow-up thread per alert (later reports go there), the second is
    // edited in place, the webhook (no nonce) is edited in place too.
    const channelsFile = join(dir, 'channels.yaml');
    writeFileSync(
      channelsFile,
      JSON.stringify({
        channels: [
          ...BOT_CHANNELS.map((id, i) => ({
            id: `discord-${id}`,
            discordChannelId: id,
            topics: ['*'],
            followUpThread: i === 0,
          })),
          { id: `webhook-${WEBHOOK_ID}`, webhookUrlEnv: 'CHAOS_WEBHOOK_URL', topics: ['*'] },
        ],
      }),
    );
    const discord = await startFakeDiscord({ botToken: TOKEN, nonceWindowMs });
    cleanups.push(() => discord.close());

    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.query(`set search_path to ${schema}`);
    cleanups.push(async () => {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    });
    // Redis and PostgreSQL as raqib sees them: a private server and a proxy this run can restart and cut.
    const privateRedis = await startPrivateRedis(dir);
    cleanups.push(() => privateRedis.close());
    const redisUrl = privateRedis.url;
    const pgProxy = await startPgProxy(postgresUrl);
    cleanups.push(() => pgProxy.close());
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    redis.on('error', () => undefined);
    cleanups.push(async () => {
      await deleteKeys(redis, `${prefix}:*`);
      await redis.quit();
    });
    const dbUrl = new URL(pgProxy.url);
    dbUrl.searchParams.set('options', `-c search_path=${schema}`);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      REDIS_URL: redisUrl,
      DATABASE_URL: dbUrl.toString(),
      QUEUE_PREFIX: prefix,
      DATA_DIR: join(dir, 'data'),
      SOURCES_DIR: sourcesDir,
      TOPICS_DIR: resolve(repoRoot, 'topics'),
      DISCORD_TOKEN: TOKEN,
      CHANNELS_FILE: channelsFile,
      CHAOS_WEBHOOK_URL: `http://127.0.0.1/api/webhooks/${WEBHOOK_ID}/chaos-webhook-token`,
      DISCORD_API_URL: discord.apiUrl,
      DIGEST_TIME: 'off',
      LOG_LEVEL: 'warn',
      // Time compressed by configuration only: the same code paths as in production (defaults: probe 5 s,
      // "delayed" after 10 min).
      RECONCILE_EVERY_MS: String(RECONCILE_MS),
      // The claim lease scaled with the reconciler period, as in production (lease 15 s ≤ period 60 s): a claim
      // whose job vanished with Redis's data is re-queued once the lease ends, so with the period compressed to
      // 5 s the default 15 s lease alone would exceed the target of 2 periods.
      DELIVERY_LEASE_MS: String(RECONCILE_MS),
      DELIVERY_CIRCUIT_PROBE_MS: String(Math.round(5000 / timeScale)),
      DELIVERY_DELAYED_AFTER: `${Math.round(600 / timeScale)}s`,
      FIRST_CRAWL_ALERT_AGE: '0',
    };
    const launch = (name: string) => {
      const child = spawn(process.execPath, [resolve(repoRoot, 'bin/raqib.js'), 'start'], {
        cwd: repoRoot,
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const proc: Proc = { name, child, peakRssKb: 0, exited: false, tail: [] };
      child.stderr?.on('data', (chunk: Buffer) => {
        proc.tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        if (proc.tail.length > 40) proc.tail.splice(0, proc.tail.length - 40);
      });
      child.once('exit', (code, signal) => {
        proc.exited = true;
        proc.exit = `${signal ?? `code ${code}`} in phase ${currentPhase}`;
      });
      procs.push(proc);
      return proc;
    };
    const peakRssMb: Record<string, number> = {};
    let currentPhase = 'start';
    const sampler = setInterval(() => {
      for (const p of procs) {
        if (p.exited || !p.child.pid) continue;
        const kb = rssKb(p.child.pid);
        p.peakRssKb = Math.max(p.peakRssKb, kb);
        peakRssMb[currentPhase] = Math.max(peakRssMb[currentPhase] ?? 0, Math.round(kb / 1024));
      }
    }, 500);
    cleanups.push(async () => clearInterval(sampler));

    launch('replica-1');
    launch('replica-2');
    // Ready when the first crawl of every outlet is stored (its backlog is held, not alerted).
    await until(async () => {
      // The tables exist once raqib has applied its migrations.
      const { rows } = await admin
        .query<{ n: string }>(
          `select count(distinct source_id) as n from crawls where status in ('ok', 'not-modified')`,
        )
        .catch(() => ({ rows: [{ n: '0' }] }));
      return Number(rows[0]?.n) >= sim.outlets.length;
    }, 90_000).catch(() => {
      for (const p of procs) console.error(`--- ${p.name}\n${p.tail.join('\n')}`);
      throw new Error('raqib did not crawl every outlet within 90 s');
    });
    log(
      `2 replicas up, ${sim.outlets.length} outlets crawled; publishing ~${ratePerMinute}/min for ${publishSeconds} s`,
    );

    const phaseStarts: Array<{ phase: Phase; at: number }> = [];
    const reconciled: Record<string, number> = {};
    const reconciledTotal = async () => {
      const { rows } = await admin
        .query<{ n: string }>(`select coalesce(sum(recovered), 0) as n from reconciler_stats`)
        .catch(() => ({ rows: [{ n: '0' }] }));
      return Number(rows[0]?.n ?? 0);
    };
    let lastReconciled = await reconciledTotal();
    const enter = async (phase: Phase) => {
      const previous = phaseStarts.at(-1);
      const total = await reconciledTotal();
      if (previous) reconciled[previous.phase] = (reconciled[previous.phase] ?? 0) + total - lastReconciled;
      lastReconciled = total;
      phaseStarts.push({ phase, at: Date.now() });
      currentPhase = phase;
      log(`phase ${phase} (${procs.filter((p) => !p.exited).length} replicas)`);
    };

    sim.startPublishing();
    const rereports = startRereports(sim, short ? 2000 : 4000);
    cleanups.push(async () => clearInterval(rereports));
    await enter('faults');
    const faults = {
      ...{ p429: 0.08, p500: 0.08, pDrop: 0.04, retryAfter: [0.05, 0.2, 1.5] },
      ...{ pGlobal: 0.1, pShared: 0.3 },
    };
    discord.setChaos(faults);
    await sleep(phaseSeconds * 1000);

    await enter('slow');
    // A quarter of the answers late by 2–25 s: beyond the client's 15 s timeout the message exists unanswered.
    discord.setChaos({ p429: 0.02, p500: 0.02, pSlow: 0.25, slowMs: [2000, 25_000] });
    await sleep(phaseSeconds * 1000);

    await enter('sigkill');
    discord.setChaos(faults);
    await sleep(1500);
    const victim = procs.find((p) => !p.exited);
    victim?.child.kill('SIGKILL');
    log(`SIGKILLed ${victim?.name}`);
    launch('replica-3');
    await sleep(phaseSeconds * 1000);

    await enter('replicas-3');
    launch('replica-4');
    await sleep(phaseSeconds * 1000);

    await enter('outage');
    discord.setChaos(null);
    discord.setOutage(503);
    const outageStartedAt = Date.now();
    await sleep(outageWallSeconds * 1000);
    discord.setOutage(null);
    const outageEndedAt = Date.now();

    await enter('redis-kept');
    await privateRedis.kill();
    await sleep(2000);
    await privateRedis.start(true);
    log('redis-server SIGKILLed, restarted with its data after 2 s');
    await sleep(phaseSeconds * 1000);

    await enter('redis-lost');
    // Discord down first, so deliveries wait in Redis (circuit open) when Redis loses them.
    discord.setOutage(503);
    await sleep(Math.max(4000, (phaseSeconds * 1000) / 2));
    const pendingAtRedisLoss = await pendingDeliveries(admin);
    const lostRecords = await pendingAtRedisLoss_(admin, (jobId) => `${prefix}:deliver:${jobId}`);
    const redisLostAt = Date.now();
    await privateRedis.kill();
    await sleep(2000);
    await privateRedis.start(false);
    const redisBackAt = Date.now();
    discord.setOutage(null);
    log(
      `redis-server SIGKILLed with ${pendingAtRedisLoss} deliveries pending (Discord down), restarted without its data after 2 s; Discord back`,
    );
    // When the reconciler re-queued what Redis lost: the last rise of its counter in this phase.
    const requeue = { before: await reconciledTotal(), count: 0, lastAt: redisBackAt };
    const phaseEnd = Date.now() + Math.max(phaseSeconds * 1000, 4 * RECONCILE_MS);
    while (Date.now() < phaseEnd) {
      await sleep(500);
      await lostRecords.check(redis).catch(() => false);
      const total = (await reconciledTotal()) - requeue.before;
      if (total > requeue.count) Object.assign(requeue, { count: total, lastAt: Date.now() });
    }

    await enter('postgres');
    const pendingAtCut = await pendingDeliveries(admin);
    pgProxy.cut();
    log(`PostgreSQL cut (${pendingAtCut} deliveries pending)`);
    await sleep(pgOutageSeconds * 1000);
    pgProxy.restore();
    const pgBackAt = Date.now();
    log('PostgreSQL restored');
    await sleep(phaseSeconds * 1000);
    sim.stopPublishing();

    await enter('calm');
    // Done when no article or deliver job is left and no delivery is pending, three checks in a row.
    const pendingSql = `select count(*) as n from deliveries where state not in ('posted', 'failed', 'paused')`;
    let quiet = 0;
    await until(
      async () => {
        const { rows } = await admin.query<{ n: string }>(pendingSql);
        const counts = await Promise.all([
          redis.llen(`${prefix}:article:wait`),
          redis.llen(`${prefix}:article:active`),
          redis.zcard(`${prefix}:article:prioritized`),
          redis.llen(`${prefix}:deliver:wait`),
          redis.llen(`${prefix}:deliver:active`),
          redis.zcard(`${prefix}:deliver:delayed`),
        ]);
        quiet = Number(rows[0]?.n) === 0 && counts.every((n) => n === 0) ? quiet + 1 : 0;
        return quiet >= 3;
      },
      (short ? 45 : 600) * 1000,
    ).catch(() => log('work still pending at the end'));
    await sleep(3000);
    reconciled.calm = (await reconciledTotal()) - lastReconciled;

    const items = await admin.query<{ n: string; alerts: string }>(
      `select count(*) as n, count(*) filter (where decision = 'alert') as alerts from items`,
    );
    const published = [...sim.items.values()].filter((i) => !i.initial);
    console.log(
      `outlets published ${published.length} items (${published.filter((i) => i.topical).length} built on-topic); ` +
        `raqib stored ${items.rows[0]?.n ?? 0} items, ${items.rows[0]?.alerts ?? 0} decided alert`,
    );
    const { rows } = await admin.query<Row>(collectSql);
    const recovery = await infraRecovery(admin, rows, discord, channelMap, {
      ...{ redisLostAt, redisBackAt, pgBackAt, pgOutageSeconds },
    });
    // The target: every delivery pending when Redis lost its data has its job back (or is posted) within 2
    // reconciler periods. The counter's last rise also counts later work (records that became stale afterwards).
    const recoveredAt = lostRecords.lastAt;
    recovery.lines.push(
      `Redis without data: ${lostRecords.total} deliveries pending at the loss, ` +
        (recoveredAt === null
          ? `${lostRecords.left} never re-queued nor posted within the phase`
          : `every one re-queued or posted ${((recoveredAt - redisBackAt) / 1000).toFixed(1)} s after Redis was back`) +
        ` (target ≤ ${(2 * RECONCILE_MS) / 1000} s = 2 reconciler periods of ${RECONCILE_MS / 1000} s); ` +
        `reconciler counter +${requeue.count} in the phase, last rise ${((requeue.lastAt - redisBackAt) / 1000).toFixed(1)} s after`,
    );
    if (recoveredAt === null || recoveredAt - redisBackAt > 2 * RECONCILE_MS) recovery.ok = false;
    const table = report(rows, discord, phaseStarts, PHASES, { reconciled, peakRssMb, channels: channelMap });
    const backlog = outageBacklog(rows, discord, channelMap, {
      startedAt: outageStartedAt,
      endedAt: outageEndedAt,
    });
    console.log(table.lines.join('\n'));
    console.log(
      `outage: ${outageSeconds} s of production time compressed ×${timeScale} by configuration ` +
        `(${outageWallSeconds} s wall, circuit probe ${Math.round(5000 / timeScale)} ms, delayed after ${Math.round(600 / timeScale)} s)`,
    );
    console.log(backlog.lines.join('\n'));
    console.log(
      `peak RSS per process: ${procs.map((p) => `${p.name} ${Math.round(p.peakRssKb / 1024)} MB`).join(', ')}`,
    );
    console.log(recovery.lines.join('\n'));
    // A replica that exited by itself (not the one this run SIGKILLed): how, and its last log lines.
    for (const p of procs)
      if (p.exited && p !== victim)
        console.log(`${p.name} exited by itself (${p.exit ?? '?'}):\n  ${p.tail.join('\n  ')}`);
    const ok = table.ok && recovery.ok && backlog.ok;
    // The plain closing line CI reads: one check, passed or failed.
    console.log(`chaos: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
    return ok ? 0 : 1;
  } finally {
    for (const p of procs) if (!p.exited) p.child.kill('SIGTERM');
    await Promise.all(
      procs.map((p) =>
        p.exited ? undefined : Promise.race([new Promise((r) => p.child.once('exit', r)), sleep(15_000)]),
      ),
    );
    for (const p of procs) if (!p.exited) p.child.kill('SIGKILL');
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Later reports: every `everyMs`, one recent on-topic item is published again by another outlet (same headline
 * and text), so raqib joins it to the posted story: the alert is edited, or on a threaded channel the thread
 * announces it. At most one copy per item.
 */
function startRereports(sim: SimOutlets, everyMs: number): NodeJS.Timeout {
  const copied = new Set<string>();
  return setInterval(() => {
    const now = Date.now();
    const recent = [...sim.items.values()].filter(
      (i) =>
        !i.initial &&
        i.topical &&
        !copied.has(i.id) &&
        now - i.publishedAt > 5000 &&
        now - i.publishedAt < 60_000,
    );
    const original = recent[Math.floor(Math.random() * recent.length)];
    if (!original || sim.outlets.length < 2) return;
    const outlet =
      (original.outlet + 1 + Math.floor(Math.random() * (sim.outlets.length - 1))) % sim.outlets.length;
    const copy = sim.publish({ outlet, topical: true, lang: original.lang });
    copy.title = original.title;
    copy.article = original.article;
    copied.add(original.id).add(copy.id);
  }, everyMs);
}

async function pendingDeliveries(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query<{ n: string }>(
    `select count(*) as n from deliveries where state not in ('posted', 'failed', 'paused')`,
  );
  return Number(rows[0]?.n ?? 0);
}

function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(300);
  }
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
