/** The dashboard's read queries on both databases: real PostgreSQL (when it answers) and embedded PGlite. */
import { describe, expect, inject, it } from 'vitest';
import { openDb, type Db } from '../../../src/store/db.js';
import {
  crawlStatsBySource,
  deliveriesOfStories,
  itemsOfStories,
  itemsPerHourBySource,
  itemTitles,
  searchItems,
} from '../../../src/store/console-queries.js';
import { recordCrawl } from '../../../src/store/sources-repo.js';

const HOUR = 3_600_000;

async function check(db: Db) {
  const now = Date.now();
  const hourStart = (t: number) => Math.floor(t / HOUR) * HOUR;
  const insert = (id: string, title: string, fetchedAt: number, extra: Record<string, unknown> = {}) =>
    db.query(
      `insert into items (id, source_id, url, canonical_url, title, text, reasons, fetched_at, decision, duplicate_of, story_id)
       values ($1, $2, $3, $3, $4, 'body', $5, $6, $7, $8, $9)`,
      [
        id,
        extra.source ?? 'a',
        `https://x.example/${id}`,
        title,
        JSON.stringify([{ kind: 'negative', label: 'negative: sports', weight: -0.4 }]),
        new Date(fetchedAt).toISOString(),
        extra.decision ?? 'drop',
        extra.duplicateOf ?? null,
        extra.story ?? null,
      ],
    );
  await db.query(`insert into stories (id, title) values ('st1', 'story')`);
  await insert('i1', 'انسحاب 100% القوات', now - 2 * HOUR, { decision: 'alert', story: 'st1' });
  await insert('i2', 'other_title', now - 2 * HOUR, { duplicateOf: 'i1', story: 'st1' });
  await insert('i3', 'old', now - 10 * HOUR, { source: 'b' });
  await db.query(
    `insert into deliveries (story_id, channel_id, nonce, state, discord_message_id) values ('st1', 'c1', 'n', 'posted', 'm1')`,
  );
  await recordCrawl(db, {
    sourceId: 'a',
    startedAt: new Date(now - HOUR),
    layer: 'feed',
    status: 'ok',
    candidates: 4,
    newItems: 2,
    error: null,
  });
  await recordCrawl(db, {
    sourceId: 'a',
    startedAt: new Date(now - HOUR),
    layer: null,
    status: 'failed',
    candidates: 0,
    newItems: 0,
    error: 'HTTP 503',
  });

  const perHour = await itemsPerHourBySource(db, new Date(now - 5 * HOUR));
  expect([...(perHour.get('a') ?? new Map())]).toEqual([[hourStart(now - 2 * HOUR), 2]]);
  expect(perHour.has('b')).toBe(false);

  const stats = (await crawlStatsBySource(db, new Date(now - 5 * HOUR))).get('a');
  expect(stats).toMatchObject({ crawls: 2, errors: 1, avgCandidates: 2, avgNewItems: 1 });

  // LIKE wildcards in the search text are literal.
  expect((await searchItems(db, { text: '100%' })).map((i) => i.id)).toEqual(['i1']);
  expect((await searchItems(db, { text: '%' })).map((i) => i.id)).toEqual(['i1']);
  expect((await searchItems(db, { text: 'r_t' })).map((i) => i.id)).toEqual(['i2']);
  expect((await searchItems(db, { text: 'o_h' })).map((i) => i.id)).toEqual([]);
  expect((await searchItems(db, { text: 'القوات' })).map((i) => i.id)).toEqual(['i1']);
  expect((await searchItems(db, { decision: 'duplicate' })).map((i) => i.id)).toEqual(['i2']);
  expect((await searchItems(db, { decision: 'alert' })).map((i) => i.id)).toEqual(['i1']);
  expect((await searchItems(db, { sourceId: 'b' }))[0]?.reasons[0]?.weight).toBe(-0.4);

  expect((await itemsOfStories(db, ['st1'])).get('st1')?.map((i) => i.id)).toEqual(['i1', 'i2']);
  expect((await deliveriesOfStories(db, ['st1'])).get('st1')?.[0]).toMatchObject({
    channelId: 'c1',
    state: 'posted',
    discordMessageId: 'm1',
  });
  expect((await itemTitles(db, ['i1'])).get('i1')?.title).toBe('انسحاب 100% القوات');
}

describe('dashboard queries', () => {
  it('work on PGlite', async () => {
    const db = await openDb({ dataDir: 'memory://' });
    try {
      await check(db);
    } finally {
      await db.close();
    }
  });

  const postgresUrl = inject('postgresUrl');
  it.skipIf(!postgresUrl)('work on PostgreSQL', async () => {
    const schema = `dash_q_${Date.now().toString(36)}_${process.pid}`;
    const db = await openDb({ databaseUrl: postgresUrl as string, schema });
    try {
      await check(db);
    } finally {
      await db.query(`drop schema ${schema} cascade`);
      await db.close();
    }
  });
});
