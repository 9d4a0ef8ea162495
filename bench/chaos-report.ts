/**
 * The chaos run's figures (bench/chaos.ts): per phase and channel expected / posted / lost / doubled, recovered by
 * the reconciler, latency p50/p95 and peak RSS; later reports (message edits and follow-up threads) lost or
 * doubled; the outage backlog's drain time and order; recovery after the Redis and PostgreSQL faults.
 */
import type pg from 'pg';
import { deliveryJobId } from '../src/deliver/delivery-processor.js';
import type { FakeDiscord, FakeMessage } from '../tests/helpers/fake-discord.js';

/** Every delivery record with its story's item URLs and the lead's publication time. */
export const collectSql = `select d.channel_id, d.story_id, d.state, d.created_at, d.last_error, d.thread_id,
    (select array_agg(url) from items i where i.story_id = d.story_id) as urls,
    (select array_agg(url) from items i where i.story_id = d.story_id and i.decision is distinct from 'drop') as reports,
    (select min(coalesce(published_at, fetched_at)) from items i where i.story_id = d.story_id and i.decision = 'alert') as published
  from deliveries d`;

export interface Row {
  channel_id: string;
  story_id: string;
  state: string;
  created_at: Date;
  last_error: string | null;
  thread_id: string | null;
  urls: string[] | null;
  /** The story's items not dropped: the alert or its thread must name each of their outlets. */
  reports: string[] | null;
  published: Date | null;
}

export interface PhaseMark<P extends string> {
  phase: P;
  at: number;
}

/** Maps raqib's channel ids to the fake's channel ids and back. */
export interface ChannelMap {
  fakeChannelOf(channelId: string): string;
}

/** The alert's article URL: the embed's title link without the delivery marker in its fragment. */
export function embedUrl(m: { embeds: unknown[] }): string {
  return ((m.embeds[0] as { url?: string } | undefined)?.url ?? '').replace(/#.*$/, '');
}

/** Alert messages per (fake channel, story), found by the embed URL; thread follow-ups are not alerts. */
export function alertMessages(rows: Row[], discord: FakeDiscord): Map<string, FakeMessage[]> {
  const storyOfUrl = new Map<string, string>();
  for (const row of rows) for (const url of row.urls ?? []) storyOfUrl.set(url, row.story_id);
  const out = new Map<string, FakeMessage[]>();
  for (const m of discord.messages.values()) {
    const url = embedUrl(m);
    if (!url) continue;
    const key = `${m.channelId}\u0000${storyOfUrl.get(url) ?? `?${url}`}`;
    out.set(key, [...(out.get(key) ?? []), m]);
  }
  return out;
}

interface Cell {
  expected: number;
  posted: number;
  lost: number;
  doubled: number;
  lat: number[];
}

export function report<P extends string>(
  rows: Row[],
  discord: FakeDiscord,
  phases: PhaseMark<P>[],
  phaseNames: readonly P[],
  extras: { reconciled: Record<string, number>; peakRssMb: Record<string, number>; channels: ChannelMap },
): { ok: boolean; lines: string[] } {
  const phaseOf = (t: number) => [...phases].reverse().find((p) => p.at <= t)?.phase ?? phases[0]?.phase;
  const messages = alertMessages(rows, discord);
  let overLimits = 0;
  for (const m of discord.messages.values())
    if (JSON.stringify(m.embeds).length > 6000 * 2 || m.content.length > 2000) overLimits++;
  const table = new Map<string, Cell>();
  let lostTotal = 0;
  let doubledTotal = 0;
  for (const row of rows) {
    const key = `${phaseOf(new Date(row.created_at).getTime())}\u0000${row.channel_id}`;
    const cell = table.get(key) ?? { expected: 0, posted: 0, lost: 0, doubled: 0, lat: [] };
    table.set(key, cell);
    cell.expected++;
    const posts = messages.get(`${extras.channels.fakeChannelOf(row.channel_id)}\u0000${row.story_id}`) ?? [];
    if (posts.length === 0) {
      cell.lost++;
      lostTotal++;
      continue;
    }
    cell.posted++;
    cell.doubled += posts.length - 1;
    doubledTotal += posts.length - 1;
    const first = Math.min(...posts.map((p) => p.createdAt));
    if (row.published) cell.lat.push((first - new Date(row.published).getTime()) / 1000);
  }
  const lines = [
    `| phase | channel | expected | posted | lost | doubled | recovered by reconciler | latency p50 s | latency p95 s | peak RSS MB |`,
    `| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: |`,
  ];
  for (const phase of phaseNames) {
    const keys = [...table.keys()].filter((k) => k.startsWith(`${phase}\u0000`)).sort();
    keys.forEach((key, index) => {
      const c = table.get(key) as Cell;
      const firstRow = (value: number | undefined) => (index === 0 ? String(value ?? 0) : '');
      lines.push(
        `| ${phase} | ${key.split('\u0000')[1]} | ${c.expected} | ${c.posted} | ${c.lost} | ${c.doubled} | ` +
          `${firstRow(extras.reconciled[phase])} | ${pct(c.lat, 0.5)} | ${pct(c.lat, 0.95)} | ${firstRow(extras.peakRssMb[phase])} |`,
      );
    });
  }
  const later = laterReports(rows, discord, messages, extras.channels);
  const requests = discord.requests;
  const lookups = requests.filter((r) => r.method === 'GET' && /\/channels\/[^/]+\/messages$/.test(r.path));
  lines.push(
    '',
    `Discord requests ${requests.length}: ${requests.filter((r) => r.status === 429).length} × 429, ` +
      `${requests.filter((r) => r.status >= 500).length} × 5xx, ${requests.filter((r) => r.status === -1).length} dropped, ` +
      `${lookups.length} look-before-retry lookups; messages over Discord's limits: ${overLimits}; ` +
      `failed records: ${rows.filter((r) => r.state === 'failed').length}`,
    ...later.lines,
  );
  for (const row of rows)
    if (!messages.has(`${extras.channels.fakeChannelOf(row.channel_id)}\u0000${row.story_id}`))
      lines.push(
        `not posted: ${row.channel_id} ${row.story_id} ${row.state} (${row.last_error ?? 'no error'})`,
      );
  lines.push(
    `\nchaos: ${rows.length} deliveries (${new Set(rows.map((r) => r.story_id)).size} alerts), ` +
      `${lostTotal} lost, ${doubledTotal} doubled`,
  );
  return {
    ok: lostTotal === 0 && doubledTotal === 0 && overLimits === 0 && rows.length > 0 && later.ok,
    lines,
  };
}

/**
 * Later reports of a posted story (other outlets): each must be named in the alert (edited in place) or, on a
 * channel with follow-up threads, in the alert or its thread; a report announced twice in a thread is doubled.
 */
function laterReports(
  rows: Row[],
  discord: FakeDiscord,
  messages: Map<string, FakeMessage[]>,
  channels: ChannelMap,
): { ok: boolean; lines: string[] } {
  let stories = 0;
  let expected = 0;
  let missing = 0;
  let summarized = 0;
  let doubled = 0;
  let threads = 0;
  let edits = 0;
  const examples: string[] = [];
  for (const row of rows) {
    const [alert] = messages.get(`${channels.fakeChannelOf(row.channel_id)}\u0000${row.story_id}`) ?? [];
    if (!alert) continue;
    edits += alert.edits;
    // The lead's outlet is the alert itself; sim outlets are told apart by host, and an outlet is named by any
    // of its items in the story (raqib names one report per outlet).
    const leadHost = hostOf(embedUrl(alert));
    const others = (row.reports ?? []).filter((u) => hostOf(u) !== leadHost);
    if (others.length === 0) continue;
    const hosts = new Set(others.map(hostOf));
    stories++;
    expected += hosts.size;
    const inThread = discord.threads.has(alert.id) ? discord.messagesIn(alert.id) : [];
    if (discord.threads.has(alert.id)) threads++;
    for (const url of others) {
      const announced = inThread.filter((m) => m.content.includes(`(<${url}>)`)).length;
      if (announced > 1) doubled += announced - 1;
    }
    const shown = JSON.stringify([alert.content, alert.embeds, inThread.map((m) => m.content)]);
    // The alert names as many reports as its length budget takes and ends the list with "+N more" (rendering).
    let more = Number(/\+(\d+) more/.exec(shown)?.[1] ?? 0);
    for (const host of hosts) {
      if (shown.includes(`//${host}/`)) continue;
      if (more > 0) {
        more--;
        summarized++;
        continue;
      }
      missing++;
      if (examples.length < 5)
        examples.push(`${row.channel_id} ${row.story_id} ${host} (${alert.edits} edits)`);
    }
  }
  return {
    // A later report not shown is printed (an open problem, README "Reliability"), not failed on; a double is.
    ok: doubled === 0,
    lines: [
      `later reports (edits and follow-up threads): ${stories} deliveries of stories with later reports, ` +
        `${expected} reports expected, ${missing} not shown (${summarized} more counted in the alert's "+N more"), ` +
        `${doubled} announced twice; ${edits} message edits, ` +
        `${threads} threads`,
      ...examples.map((e) => `later report not shown: ${e}`),
    ],
  };
}

/**
 * The outage backlog: records created before Discord came back and first posted after it. Drain time (recovery
 * → last of them posted) and, per channel, how many were posted after a newer alert of the same backlog.
 */
export function outageBacklog(
  rows: Row[],
  discord: FakeDiscord,
  channels: ChannelMap,
  at: { startedAt: number; endedAt: number },
): { ok: boolean; lines: string[] } {
  const messages = alertMessages(rows, discord);
  const byChannel = new Map<string, Array<{ created: number; posted: number }>>();
  for (const row of rows) {
    const created = new Date(row.created_at).getTime();
    if (created >= at.endedAt) continue;
    const posts = messages.get(`${channels.fakeChannelOf(row.channel_id)}\u0000${row.story_id}`) ?? [];
    const posted = Math.min(...posts.map((p) => p.createdAt));
    if (!Number.isFinite(posted) || posted < at.endedAt) continue;
    byChannel.set(row.channel_id, [...(byChannel.get(row.channel_id) ?? []), { created, posted }]);
  }
  let last = at.endedAt;
  const parts: string[] = [];
  for (const [channel, list] of [...byChannel.entries()].sort()) {
    list.sort((a, b) => a.posted - b.posted);
    let newest = -Infinity;
    let outOfOrder = 0;
    for (const entry of list) {
      if (entry.created < newest) outOfOrder++;
      newest = Math.max(newest, entry.created);
      last = Math.max(last, entry.posted);
    }
    parts.push(`${channel} ${list.length} (${outOfOrder} out of order)`);
  }
  const drainS = (last - at.endedAt) / 1000;
  return {
    ok: drainS <= 300,
    lines: [
      `outage ${((at.endedAt - at.startedAt) / 1000).toFixed(0)} s: backlog at recovery ${parts.join(', ') || 'none'}; ` +
        `all posted ${drainS.toFixed(1)} s after Discord was back (target ≤ 300 s, in publication order)`,
    ],
  };
}

/**
 * Recovery after the infrastructure faults: deliveries recorded before the Redis restart without data and not yet
 * posted then, and when the last of them was posted; the first crawl stored and the first alert posted after
 * PostgreSQL came back; items stored twice (same URL).
 */
export async function infraRecovery(
  admin: pg.Client,
  rows: Row[],
  discord: FakeDiscord,
  channels: ChannelMap,
  at: { redisLostAt: number; redisBackAt: number; pgBackAt: number; pgOutageSeconds: number },
): Promise<{ ok: boolean; lines: string[] }> {
  const messages = alertMessages(rows, discord);
  const firstPost = (r: Row) =>
    Math.min(
      ...(messages.get(`${channels.fakeChannelOf(r.channel_id)}\u0000${r.story_id}`) ?? []).map(
        (m) => m.createdAt,
      ),
    );
  const heldByRedis = rows.filter(
    (r) => new Date(r.created_at).getTime() < at.redisLostAt && firstPost(r) >= at.redisLostAt,
  );
  const lastHeld = Math.max(at.redisBackAt, ...heldByRedis.map(firstPost));
  const redisSeconds = (lastHeld - at.redisBackAt) / 1000;
  const crawl = await admin.query<{ t: Date | null }>(
    `select min(finished_at) as t from crawls where finished_at > $1 and status in ('ok', 'not-modified')`,
    [new Date(at.pgBackAt)],
  );
  const crawlAt = crawl.rows[0]?.t ? new Date(crawl.rows[0].t).getTime() : Infinity;
  const postAt = Math.min(
    ...[...discord.messages.values()].map((m) => m.createdAt).filter((t) => t > at.pgBackAt),
  );
  const twice = await admin.query<{ n: string }>(`select count(*) - count(distinct url) as n from items`);
  const secs = (t: number) => (Number.isFinite(t) ? `${((t - at.pgBackAt) / 1000).toFixed(1)} s` : 'never');
  // Posting the recovered backlog is paced by Discord's rate limits; the target is on re-queueing (see chaos.ts).
  const redisOk = Number.isFinite(redisSeconds);
  const pgOk = crawlAt - at.pgBackAt <= 30_000 && Number(twice.rows[0]?.n ?? 0) === 0;
  return {
    ok: redisOk && pgOk,
    lines: [
      `\nRedis restart without data: ${heldByRedis.length} deliveries pending at the restart, the last posted ` +
        `${Number.isFinite(redisSeconds) ? redisSeconds.toFixed(1) : 'never'} s after Redis was back`,
      `PostgreSQL cut ${at.pgOutageSeconds} s: first crawl stored ${secs(crawlAt)} and first alert posted ` +
        `${secs(postAt)} after it was back (target ≤ 30 s); items stored twice: ${twice.rows[0]?.n ?? '?'}`,
    ],
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function pct(values: number[], q: number): string {
  if (values.length === 0) return '—';
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(1);
}

/**
 * The deliveries pending when Redis lost its data, and when each was recovered: its deliver job back in Redis (the
 * reconciler re-adds it under the same deterministic id) or the alert posted. `check` is polled; `lastAt` is when
 * the last of them was recovered (null while any is not).
 */
export async function pendingAtRedisLoss(admin: pg.Client, jobKey: (jobId: string) => string) {
  const { rows } = await admin.query<{ story_id: string; channel_id: string; content_version: number }>(
    `select story_id, channel_id, content_version from deliveries where state not in ('posted', 'failed', 'paused')`,
  );
  const open = new Map(
    rows.map((r) => [
      `${r.story_id}\u0000${r.channel_id}`,
      deliveryJobId(r.story_id, r.channel_id, r.content_version),
    ]),
  );
  const total = open.size;
  let lastAt: number | null = total === 0 ? Date.now() : null;
  return {
    total,
    get lastAt() {
      return lastAt;
    },
    /** One poll: drops what is recovered; true when nothing is left. */
    async check(redis: { exists: (key: string) => Promise<number> }): Promise<boolean> {
      if (open.size === 0) return true;
      const posted = await admin.query<{ story_id: string; channel_id: string }>(
        `select story_id, channel_id from deliveries where discord_message_id is not null`,
      );
      for (const r of posted.rows) open.delete(`${r.story_id}\u0000${r.channel_id}`);
      for (const [key, jobId] of [...open]) if ((await redis.exists(jobKey(jobId))) > 0) open.delete(key);
      if (open.size === 0) lastAt = Date.now();
      return open.size === 0;
    },
    get left() {
      return open.size;
    },
  };
}
