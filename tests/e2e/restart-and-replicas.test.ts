/**
 * The whole app as operators run it: real `raqib start` child processes against real Redis and PostgreSQL, a
 * constructed outlet that publishes a new report every second or so, and the fake Discord. Stopping raqib
 * (SIGTERM, and kill -9 while alerts are being posted) and starting it again, and two replicas at once, must
 * post each alert exactly once per channel and lose no item.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canonicalizeUrl } from '../../src/dedupe/canonical-url.js';
import { QUEUE_NAMES } from '../../src/queues/job-schemas.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startLiveOutlet, type LiveOutlet } from '../helpers/live-outlet.js';
import { startRaqib, type RaqibProcess } from '../helpers/raqib-process.js';

const postgresUrl = inject('postgresUrl');
const redisUrl = inject('redisUrl');
const TOKEN = 'RESTART-TEST-TOKEN';
const REPORTS = 10;

interface Scenario {
  name: string;
  outlet: LiveOutlet;
  env: Record<string, string>;
  channels: string[];
  schema: string;
  prefix: string;
  dir: string;
  db: pg.Client;
  processes: RaqibProcess[];
}

let fake: FakeDiscord;
let channelSeq = 0;
const scenarios: Scenario[] = [];

async function createScenario(name: string): Promise<Scenario> {
  const id = `${name}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const schema = `e2e_restart_${id}`;
  const prefix = `e2e-restart-${id}`;
  const dir = mkdtempSync(join(tmpdir(), `raqib-restart-${name}-`));
  const outlet = await startLiveOutlet({ count: REPORTS, initial: 3, everyMs: 1200 });
  const sourcesDir = join(dir, 'selectors');
  mkdirSync(sourcesDir);
  writeFileSync(
    join(sourcesDir, 'live-outlet.yaml'),
    [
      'name: Live outlet (constructed, test)',
      'language: en',
      'interval: 1s',
      "allowedHosts: ['127.0.0.1']",
      'allowPrivateAddresses: true',
      'politeness: { maxInFlight: 4, minDelay: 20ms }',
      'fetch:',
      '  - type: feed',
      `    url: ${outlet.feedUrl}`,
      '',
    ].join('\n'),
  );
  const channels = [1, 2].map(() => String(1_300_000_000_000_000_000n + BigInt(++channelSeq)));
  const url = new URL(postgresUrl as string);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = new pg.Client({ connectionString: postgresUrl as string });
  await db.connect();
  await db.query(`create schema ${schema}`);
  await db.query(`set search_path to ${schema}`);
  const scenario: Scenario = {
    name,
    outlet,
    channels,
    schema,
    prefix,
    dir,
    db,
    processes: [],
    env: {
      REDIS_URL: redisUrl,
      DATABASE_URL: url.toString(),
      QUEUE_PREFIX: prefix,
      DATA_DIR: join(dir, 'data'),
      SOURCES_DIR: sourcesDir,
      TOPICS_DIR: resolve('topics'),
      DISCORD_TOKEN: TOKEN,
      DISCORD_CHANNEL_IDS: channels.join(','),
      DIGEST_TIME: 'off', // digests are tested in tests/integration/digest
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: 'info',
      // Short enough that the work of a killed process is taken over within seconds.
      WORKER_LOCK_MS: '2000',
      DELIVERY_LEASE_MS: '4000',
    },
  };
  scenarios.push(scenario);
  return scenario;
}

function launch(s: Scenario, name: string): RaqibProcess {
  const p = startRaqib(`${s.name}/${name}`, s.env);
  s.processes.push(p);
  return p;
}

const redisConnection = () => {
  const u = new URL(redisUrl);
  return { host: u.hostname, port: Number(u.port || 6379), db: Number(u.pathname.slice(1) || 0) };
};

const messagesIn = (s: Scenario, channel: string) => fake.messagesIn(channel);

/** Wait until `check` holds, polling. */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Snapshot {
  storedUrls: Set<string>;
  alertStories: Set<string>;
  deliveries: Array<{
    story_id: string;
    channel_id: string;
    state: string;
    discord_message_id: string | null;
  }>;
}

async function snapshot(s: Scenario): Promise<Snapshot> {
  const items = await s.db.query<{ canonical_url: string; story_id: string | null; decision: string | null }>(
    'select canonical_url, story_id, decision from items',
  );
  const deliveries = await s.db.query<Snapshot['deliveries'][number]>(
    'select story_id, channel_id, state, discord_message_id from deliveries',
  );
  const stories = await s.db.query<{ id: string }>(
    `select distinct story_id as id from items where decision = 'alert' and duplicate_of is null`,
  );
  return {
    storedUrls: new Set(items.rows.map((r) => r.canonical_url)),
    alertStories: new Set(stories.rows.map((r) => r.id)),
    deliveries: deliveries.rows,
  };
}

/** Every report stored, every alert story posted to both channels, no job left; stable for a few polls. */
async function waitUntilSettled(s: Scenario, timeoutMs: number): Promise<void> {
  const queues = [QUEUE_NAMES.article, QUEUE_NAMES.deliver].map(
    (q) => new Queue(q, { connection: redisConnection(), prefix: s.prefix }),
  );
  let stable = 0;
  try {
    await until(
      `${s.name} to settle`,
      async () => {
        const snap = await snapshot(s);
        let pending = 0;
        for (const q of queues)
          pending += Object.values(
            await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
          ).reduce((a, b) => a + b, 0);
        const allStored =
          s.outlet.done() && s.outlet.items.every((i) => snap.storedUrls.has(expectedUrl(s, i)));
        const allPosted =
          snap.alertStories.size > 0 &&
          [...snap.alertStories].every((story) =>
            s.channels.every((c) =>
              snap.deliveries.some(
                (d) => d.story_id === story && d.channel_id === `discord-${c}` && d.state === 'posted',
              ),
            ),
          );
        stable = allStored && allPosted && pending === 0 ? stable + 1 : 0;
        return stable >= 4;
      },
      timeoutMs,
    );
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

const expectedUrl = (s: Scenario, item: LiveOutlet['items'][number]) =>
  canonicalizeUrl(s.outlet.articleUrl(item));

/** The assertions every scenario ends with. */
async function expectExactlyOnceAndNothingLost(s: Scenario): Promise<void> {
  const snap = await snapshot(s);
  for (const item of s.outlet.items)
    expect(snap.storedUrls.has(expectedUrl(s, item)), `${s.name}: ${item.slug} was lost`).toBe(true);
  // The constructed reports are eight alerts (two are below the threshold); a repost would join a story.
  expect(snap.alertStories.size).toBeGreaterThanOrEqual(6);
  for (const channel of s.channels) {
    const messages = messagesIn(s, channel);
    const records = snap.deliveries.filter((d) => d.channel_id === `discord-${channel}`);
    // One Discord message per alerted story, and every record points at one of them.
    expect(messages.length, `${s.name}: messages in ${channel}`).toBe(snap.alertStories.size);
    expect(new Set(messages.map((m) => m.nonce)).size).toBe(messages.length);
    expect(records.length).toBe(snap.alertStories.size);
    const ids = new Set(messages.map((m) => m.id));
    for (const r of records) {
      expect(r.state).toBe('posted');
      expect(ids.has(r.discord_message_id ?? '')).toBe(true);
    }
    expect(new Set(records.map((r) => r.discord_message_id)).size).toBe(records.length);
  }
}

const posts = (s: Scenario) =>
  fake.requests.filter(
    (r) => r.method === 'POST' && s.channels.some((c) => r.path === `/channels/${c}/messages`),
  );

function dumpOnFailure(s: Scenario): string {
  return s.processes.map((p) => `---- ${p.name}\n${p.lines.slice(-40).join('\n')}`).join('\n');
}

describe.skipIf(!postgresUrl)(
  'raqib start: restart and replicas (child processes, Redis, PostgreSQL)',
  () => {
    beforeAll(async () => {
      fake = await startFakeDiscord({ botToken: TOKEN });
    });

    afterAll(async () => {
      for (const s of scenarios) {
        for (const p of s.processes)
          if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
        await Promise.all(s.processes.map((p) => p.exited));
        await s.db.query(`drop schema if exists ${s.schema} cascade`).catch(() => undefined);
        await s.db.end();
        await s.outlet.close();
        rmSync(s.dir, { recursive: true, force: true });
        const redis = new Redis(redisUrl);
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${s.prefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
        await redis.quit();
      }
      await fake?.close();
    });

    it('SIGTERM mid-run, then a restart: each alert once, nothing lost', async () => {
      const s = await createScenario('sigterm');
      try {
        const first = launch(s, 'first');
        await first.waitForLog('"msg":"raqib started"');
        await until('first alerts', () => messagesIn(s, s.channels[0]!).length >= 2, 30_000);
        expect(s.outlet.done()).toBe(false); // the stop lands mid-run: more reports are still to come
        const stoppedAt = Date.now();
        first.child.kill('SIGTERM');
        const exit = await first.exited;
        expect(exit.code, dumpOnFailure(s)).toBe(0);
        expect(Date.now() - stoppedAt).toBeLessThan(15_000);

        const second = launch(s, 'second');
        await second.waitForLog('"msg":"raqib started"');
        await waitUntilSettled(s, 40_000);
        second.child.kill('SIGTERM');
        expect((await second.exited).code).toBe(0);
        await expectExactlyOnceAndNothingLost(s);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${dumpOnFailure(s)}`, { cause: error });
      }
    }, 80_000);

    it('kill -9 while alerts are being posted, then a restart: each alert once, nothing lost', async () => {
      const s = await createScenario('kill9');
      try {
        // Discord answers slowly: messages are created, but the answer is still on its way when the process dies.
        fake.setSlow(1500);
        const first = launch(s, 'first');
        await first.waitForLog('"msg":"raqib started"');
        await until('a post in flight', () => posts(s).length >= 1, 30_000);
        await new Promise((r) => setTimeout(r, 300));
        first.child.kill('SIGKILL');
        await first.exited;
        fake.setSlow(0);
        const inFlight = (
          await s.db.query(`select count(*)::int as n from deliveries where state = 'posting'`)
        ).rows[0];

        const second = launch(s, 'second');
        await second.waitForLog('"msg":"raqib started"');
        await waitUntilSettled(s, 50_000);
        second.child.kill('SIGTERM');
        expect((await second.exited).code).toBe(0);
        await expectExactlyOnceAndNothingLost(s);
        // The kill really interrupted deliveries: records were left mid-post for the restart to finish.
        expect((inFlight as { n: number }).n).toBeGreaterThan(0);
        const created = s.channels.reduce((n, c) => n + messagesIn(s, c).length, 0);
        console.info(
          `kill -9: ${(inFlight as { n: number }).n} deliveries mid-post at the kill; ${posts(s).length} POSTs, ` +
            `${created} messages created (the rest answered by the nonce with the first message)`,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${dumpOnFailure(s)}`, { cause: error });
      }
    }, 90_000);

    it('two raqib start processes at once: each alert once, one schedule', async () => {
      const s = await createScenario('replicas');
      try {
        const a = launch(s, 'a');
        const b = launch(s, 'b');
        await Promise.all([a.waitForLog('"msg":"raqib started"'), b.waitForLog('"msg":"raqib started"')]);
        await waitUntilSettled(s, 40_000);
        const crawl = new Queue(QUEUE_NAMES.crawl, { connection: redisConnection(), prefix: s.prefix });
        const schedulers = await crawl.getJobSchedulers(0, -1);
        await crawl.close();
        a.child.kill('SIGTERM');
        b.child.kill('SIGTERM');
        expect((await a.exited).code).toBe(0);
        expect((await b.exited).code).toBe(0);
        expect(schedulers.map((j) => j.key)).toEqual(['crawl-live-outlet']);
        await expectExactlyOnceAndNothingLost(s);
        // Both replicas did work (the test is about sharing, not about one idle process).
        const worked = (p: RaqibProcess) =>
          p.lines.filter((l) => /"msg":"(item stored|alert posted|crawl done)"/.test(l)).length;
        console.info(`replicas: jobs logged by a ${worked(a)}, by b ${worked(b)}`);
        expect(worked(a)).toBeGreaterThan(0);
        expect(worked(b)).toBeGreaterThan(0);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${dumpOnFailure(s)}`, { cause: error });
      }
    }, 80_000);
  },
);
