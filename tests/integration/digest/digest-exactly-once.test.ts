/**
 * The digest against real storage (PostgreSQL with its own schema, or PGlite when PostgreSQL is absent), real
 * Redis/BullMQ and the fake Discord: loading the fixture day, two replicas, a restart in the middle of a send,
 * a lost acknowledgement, and a digest missed while raqib was down. Each must post every page exactly once.
 */
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import { createDiscordSender, type DiscordSender } from '../../../src/deliver/discord/discord-sender.js';
import {
  catchUpDigests,
  createDigestProcessor,
  digestSchedulerKey,
  upsertDigestSchedules,
} from '../../../src/pipeline/digest/digest-job.js';
import { loadDigest, type DigestSetup } from '../../../src/pipeline/digest/load-digest.js';
import {
  sendChannelDigest,
  type ChannelDigestDeps,
} from '../../../src/pipeline/digest/send-channel-digest.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { createDigestsRepo } from '../../../src/store/digests-repo.js';
import {
  expectedOrder,
  FIXTURE_DATE,
  FIXTURE_NOW,
  fixtureChannel,
  insertFixtureDay,
  outletNames,
} from '../../fixtures/digest/fixture-day.js';
import { discordLimitViolations, startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';

const postgresUrl = inject('postgresUrl');
const redisUrl = inject('redisUrl');
const logger = pino({ level: 'silent' });

/** A channel of the fixture with its own id and Discord channel, so each test has its own digest records. */
function channel(id: string, discordChannelId: string, extra: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    ...fixtureChannel,
    id,
    destination: { kind: 'channel', channelId: discordChannelId },
    ...extra,
  };
}

const channels = {
  load: channel('load', '910000001'),
  race: channel('race', '910000002'),
  workers: channel('workers', '910000003'),
  partial: channel('partial', '910000004'),
  ack: channel('ack', '910000005'),
  missed: channel('missed', '910000006'),
  fresh: channel('fresh', '910000007'),
};

async function insertFixture(db: Db): Promise<void> {
  await insertFixtureDay(db);
  // s-withdraw was alerted to the "load" channel (posted) and queued but never posted to "race".
  await db.query(
    `insert into deliveries (story_id, channel_id, nonce, state, posted_at) values
       ('s-withdraw', 'load', 'n1', 'posted', now()), ('s-withdraw', 'race', 'n2', 'pending', null)`,
  );
}

/** A previous day's finished digest, so raqib has run digests for this channel before. */
async function insertPreviousDigest(db: Db, channelId: string, windowEnd: string): Promise<void> {
  await db.query(
    `insert into digests (channel_id, digest_date, state, sent_at, window_start, window_end, message_ids)
     values ($1, '2026-11-21', 'sent', $2, $2::timestamptz - interval '1 day', $2, '["1"]')`,
    [channelId, windowEnd],
  );
}

describe('daily digest exactly once', () => {
  const schema = `dig_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const prefix = `test-digest-${randomUUID()}`;
  let fake: FakeDiscord;
  let db: Db;
  let queue: Queue;
  const senders: DiscordSender[] = [];
  const workers: Worker[] = [];
  let clock = FIXTURE_NOW;
  const setup: DigestSetup = {
    channels: Object.values(channels),
    sources: new Map(Object.entries(outletNames).map(([id, name]) => [id, { name }])),
    topics: [{ id: 'iraq-drawdown', thresholds: { digest: 0.35 } }],
  };
  const connection = () => {
    const url = new URL(redisUrl);
    return { host: url.hostname, port: Number(url.port || 6379) };
  };

  function replica(owner: string, extra: Partial<ChannelDigestDeps> = {}): ChannelDigestDeps {
    const sender = createDiscordSender({ token: 'BOT', apiUrl: fake.apiUrl, logger, offset: 0, retries: 0 });
    senders.push(sender);
    return { db, setup, sender, logger, owner, now: () => clock, ...extra };
  }

  const messagesIn = (c: ChannelConfig) =>
    fake.messagesIn(c.destination.kind === 'channel' ? c.destination.channelId : '');

  beforeAll(async () => {
    fake = await startFakeDiscord({ botToken: 'BOT' });
    db = postgresUrl
      ? await openDb({ databaseUrl: postgresUrl, schema })
      : await openDb({ dataDir: 'memory://' });
    await insertFixture(db);
    queue = new Queue('digest', { connection: connection(), prefix });
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close();
    for (const sender of senders) await sender.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    if (postgresUrl) await db?.query(`drop schema if exists ${schema} cascade`);
    await db?.close();
    await fake?.close();
  });

  it('loads the fixture day from the store: content, ranking, alerted marks, window', async () => {
    clock = FIXTURE_NOW;
    const digest = await loadDigest(db, setup, { channelId: 'load', date: FIXTURE_DATE, now: clock });
    expect(digest.entries.map((e) => e.storyId)).toEqual(expectedOrder);
    expect(digest.entries.filter((e) => e.alerted).map((e) => e.storyId)).toEqual(['s-withdraw']);
    expect(digest.window).toEqual({ start: '2026-11-21T05:00:00.000Z', end: '2026-11-22T05:00:00.000Z' });
    expect(digest.entries[0]?.outlets.map((o) => o.name)).toEqual(['Shafaq News', 'Rudaw', 'Alsumaria']);
    expect(digest.send).toBeNull();
    // A pending (never posted) delivery is not "alerted".
    const race = await loadDigest(db, setup, { channelId: 'race', date: FIXTURE_DATE, now: clock });
    expect(race.entries.some((e) => e.alerted)).toBe(false);
    // Before the scheduled time the window ends now: the preview of what 08:00 will send.
    const early = await loadDigest(db, setup, {
      channelId: 'load',
      now: new Date('2026-11-22T02:30:00Z'),
    });
    expect(early.date).toBe(FIXTURE_DATE);
    expect(early.window.end).toBe('2026-11-22T02:30:00.000Z');
    // s-tie's second report (03:00 UTC) is not in yet.
    expect(early.entries.find((e) => e.storyId === 's-tie')?.outlets).toHaveLength(1);
  });

  it('starts the window at the previous digest', async () => {
    const c = channel('since-previous', '910000099');
    const local: DigestSetup = { ...setup, channels: [c] };
    await insertPreviousDigest(db, c.id, '2026-11-21T10:00:00Z');
    const digest = await loadDigest(db, local, { channelId: c.id, date: FIXTURE_DATE, now: FIXTURE_NOW });
    expect(digest.window.start).toBe('2026-11-21T10:00:00.000Z');
    // s-withdraw and s-low first qualified before 10:00 UTC: they were in the previous digest.
    expect(digest.entries.map((e) => e.storyId)).toEqual(['s-tie', 's-ainasad', 's-handover', 's-grows']);
  });

  it('keeps one scheduler per channel however many replicas upsert it, and removes it with the channel', async () => {
    const all = Object.values(channels);
    await Promise.all([upsertDigestSchedules(queue, all), upsertDigestSchedules(queue, all)]);
    const schedulers = (await queue.getJobSchedulers(0, -1)).filter((s) => s.key.startsWith('digest-'));
    expect(schedulers).toHaveLength(all.length);
    const one = schedulers.find((s) => s.key === digestSchedulerKey('race'));
    expect(one).toMatchObject({ pattern: '0 8 * * *', tz: 'Asia/Baghdad' });
    await upsertDigestSchedules(queue, [{ ...channels.race, digest: null }, channels.load]);
    const left = (await queue.getJobSchedulers(0, -1)).map((s) => s.key).sort();
    expect(left).toEqual([digestSchedulerKey('load')]);
    await upsertDigestSchedules(queue, []);
    expect(await queue.getJobSchedulers(0, -1)).toEqual([]);
  });

  it('two replicas sending the same digest at once post it once', async () => {
    clock = FIXTURE_NOW;
    const a = replica('replica-a');
    const b = replica('replica-b');
    const results = await Promise.all([
      sendChannelDigest(a, { channelId: 'race' }),
      sendChannelDigest(b, { channelId: 'race' }),
      sendChannelDigest(a, { channelId: 'race' }),
    ]);
    const outcomes = results.map((r) => r.outcome).sort();
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(outcomes.every((o) => ['sent', 'busy', 'already-done'].includes(o))).toBe(true);
    const messages = messagesIn(channels.race);
    const record = await createDigestsRepo(db).get('race', FIXTURE_DATE);
    expect(record?.state).toBe('sent');
    expect(record?.late).toBe(false);
    expect(messages.map((m) => m.id)).toEqual(record?.messageIds);
    expect(messages.length).toBe(record?.pages?.length);
    // Sending again (a late duplicate job, or `raqib digest send`) changes nothing.
    const again = await sendChannelDigest(b, { channelId: 'race', manual: true });
    expect(again.outcome).toBe('already-done');
    expect(messagesIn(channels.race)).toHaveLength(messages.length);
    for (const request of fake.requests.filter((r) => r.path === '/channels/910000002/messages'))
      expect(discordLimitViolations(request.body)).toEqual([]);
  });

  it('two replicas with BullMQ workers: catch-up queued once, digest posted once', async () => {
    clock = new Date('2026-11-22T06:00:00Z'); // 09:00 Baghdad: the 08:00 digest was missed
    await insertPreviousDigest(db, 'workers', '2026-11-21T05:00:00Z');
    const replicas = [replica('w-a'), replica('w-b')];
    const queued = await Promise.all(
      replicas.map(() => catchUpDigests(db, queue, [channels.workers], clock)),
    );
    expect(queued.flat()).toEqual([
      { channelId: 'workers', date: FIXTURE_DATE },
      { channelId: 'workers', date: FIXTURE_DATE },
    ]);
    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'prioritized')).toBe(1);
    let completed = 0;
    for (const deps of replicas) {
      const worker = new Worker('digest', createDigestProcessor({ ...deps, busyRecheckMs: 200 }), {
        connection: connection(),
        prefix,
      });
      worker.on('completed', () => completed++);
      workers.push(worker);
    }
    // The scheduler's own run for the same day arrives too (Redis kept its delayed job while raqib was down).
    await queue.add('digest', { channelId: 'workers' });
    const deadline = Date.now() + 20_000;
    while (completed < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(completed).toBe(2);
    const record = await createDigestsRepo(db).get('workers', FIXTURE_DATE);
    expect(record?.state).toBe('sent');
    expect(record?.late).toBe(true);
    expect(messagesIn(channels.workers)).toHaveLength(record?.pages?.length ?? -1);
    expect(JSON.stringify(messagesIn(channels.workers)[0]?.embeds)).toContain('Sent late');
    for (const worker of workers.splice(0)) await worker.close();
  });

  it('a crash in the middle of a send is resumed after restart: every page once, in order', async () => {
    clock = FIXTURE_NOW;
    const formatOptions = { messageBudget: 300 };
    const crashing = replica('before-crash', { leaseMs: 800, formatOptions });
    const inner = crashing.sender;
    let posts = 0;
    crashing.sender = {
      ...inner,
      post: (...args) => {
        posts++;
        if (posts === 3) return Promise.reject(new Error('process killed'));
        return inner.post(...args);
      },
    };
    await expect(sendChannelDigest(crashing, { channelId: 'partial' })).rejects.toThrow('process killed');
    const repo = createDigestsRepo(db);
    const interrupted = await repo.get('partial', FIXTURE_DATE);
    const pageCount = interrupted?.pages?.length ?? 0;
    expect(pageCount).toBeGreaterThanOrEqual(4);
    expect(interrupted?.state).toBe('sending');
    expect(interrupted?.messageIds).toHaveLength(2);

    // Restart 20 minutes later: catch-up finds the interrupted digest; the dead process's lease blocks until it ends.
    clock = new Date(FIXTURE_NOW.getTime() + 20 * 60_000);
    const restarted = replica('after-restart', { formatOptions });
    expect(await catchUpDigests(db, queue, [channels.partial], clock)).toEqual([
      { channelId: 'partial', date: FIXTURE_DATE },
    ]);
    const first = await sendChannelDigest(restarted, { channelId: 'partial' });
    expect(first.outcome).toBe('busy');
    await new Promise((r) => setTimeout(r, 900));
    const second = await sendChannelDigest(restarted, { channelId: 'partial' });
    expect(second.outcome).toBe('sent');
    const record = await repo.get('partial', FIXTURE_DATE);
    const messages = messagesIn(channels.partial);
    expect(messages).toHaveLength(pageCount);
    expect(messages.map((m) => m.id)).toEqual(record?.messageIds);
    // The pages were frozen before the crash: not late, and page titles count 1/N … N/N once each.
    expect(record?.late).toBe(false);
    const titles = messages.map((m) => (m.embeds[0] as { title?: string }).title ?? '');
    expect(titles.map((t) => /\((\d+)\/\d+\)\u2069?$/u.exec(t)?.[1])).toEqual(
      Array.from({ length: pageCount }, (_, i) => String(i + 1)),
    );
  });

  it('a page Discord created but did not acknowledge is not posted twice (nonce)', async () => {
    clock = FIXTURE_NOW;
    const deps = replica('ack-a', { formatOptions: { messageBudget: 1500 } });
    fake.failNext({
      match: (r) => r.route === 'POST /channels/:id/messages' && r.path.includes('910000005'),
      status: 500,
      afterCommit: true,
    });
    const first = await sendChannelDigest(deps, { channelId: 'ack' });
    expect(first).toMatchObject({ outcome: 'failed', retryable: true });
    expect(messagesIn(channels.ack)).toHaveLength(1); // created, but raqib never learnt its id
    const second = await sendChannelDigest(deps, { channelId: 'ack' });
    expect(second.outcome).toBe('sent');
    const record = await createDigestsRepo(db).get('ack', FIXTURE_DATE);
    expect(messagesIn(channels.ack)).toHaveLength(record?.pages?.length ?? -1);
    expect(new Set(record?.messageIds).size).toBe(record?.pages?.length);
  });

  it('a digest missed while down is sent once on restart, marked late; later restarts send nothing', async () => {
    await insertPreviousDigest(db, 'missed', '2026-11-21T05:00:00Z');
    clock = new Date('2026-11-22T07:00:00Z'); // 10:00 Baghdad
    const deps = replica('missed-a');
    const processor = createDigestProcessor(deps);
    const [job] = await catchUpDigests(db, queue, [channels.missed], clock);
    expect(job).toEqual({ channelId: 'missed', date: FIXTURE_DATE });
    const run = (data: object) => processor({ data } as Parameters<typeof processor>[0]);
    const result = await run({ channelId: 'missed', date: FIXTURE_DATE });
    expect(result).toMatchObject({ outcome: 'sent' });
    const record = await createDigestsRepo(db).get('missed', FIXTURE_DATE);
    expect(record?.late).toBe(true);
    // The window is the scheduled one, not "until 10:00": a late digest has the on-time content.
    expect(record?.windowEnd).toBe('2026-11-22T05:00:00.000Z');
    const count = messagesIn(channels.missed).length;
    expect(count).toBe(record?.pages?.length);

    clock = new Date('2026-11-22T07:05:00Z');
    expect(await catchUpDigests(db, queue, [channels.missed], clock)).toEqual([]);
    expect(await run({ channelId: 'missed' })).toMatchObject({ outcome: 'already-done' });
    expect(messagesIn(channels.missed)).toHaveLength(count);
    // The next day's scheduled run covers from where this one ended.
    clock = new Date('2026-11-23T05:00:10Z');
    const next = await loadDigest(db, setup, { channelId: 'missed', now: clock });
    expect(next.window.start).toBe('2026-11-22T05:00:00.000Z');
  });

  it('a first start after the scheduled time does not invent a missed digest', async () => {
    clock = new Date('2026-11-22T09:00:00Z');
    expect(await catchUpDigests(db, queue, [channels.fresh], clock)).toEqual([]);
    expect(await createDigestsRepo(db).get('fresh', FIXTURE_DATE)).toBeNull();
  });
});
