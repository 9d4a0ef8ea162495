/**
 * StoryIndexSync against embedded PGlite and the test Redis: catch-up replays stored rows with their stored
 * assignments (restore), and eviction follows fetch time, not publication time. Rows are constructed.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StoryIndex } from '../../../src/dedupe/story-index.js';
import { StoryIndexSync } from '../../../src/pipeline/article/story-index-sync.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { insertItem } from '../../../src/store/items-repo.js';
import { upsertStoryWithItem } from '../../../src/store/stories-repo.js';

const BODY =
  'أعلنت قيادة العمليات المشتركة اليوم تسلم قاعدة حرير بالكامل من قوات التحالف الدولي بعد انسحاب آخر دفعة من المستشارين ' +
  'الأمريكيين، وقال المتحدث إن عدد الجنود الذين غادروا بلغ 350 جنديا وإن العملية جرت وفق الجدول المتفق عليه مع واشنطن.';

const row = (id: string, storyId: string, fetchedAt: string, duplicateOf: string | null = null) => ({
  id,
  sourceId: 'test-source',
  url: `https://example.org/${id}`,
  canonicalUrl: `https://example.org/${id}`,
  guid: null,
  title: 'تسلم قاعدة حرير',
  text: BODY,
  lead: null,
  author: null,
  imageUrl: null,
  language: 'ar',
  dir: 'rtl',
  publishedAt: '2025-08-23T10:00:00.000Z',
  modifiedAt: null,
  fetchedAt,
  contentHash: `h-${id}`,
  topicId: 'iraq-drawdown',
  score: 0.9,
  decision: 'alert',
  reasons: [],
  dropReason: null,
  storyId,
  duplicateOf,
});

describe('StoryIndexSync catch-up', () => {
  let db: Db;
  let redis: Redis;
  const lockKey = `test-${randomUUID()}:lock`;
  const windowMs = 72 * 3600_000;
  const now = Date.parse('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
    for (const id of ['st-x', 'st-y'])
      await upsertStoryWithItem(db, {
        id,
        topicId: 't',
        title: 'x',
        lang: 'ar',
        score: 0.9,
        decision: 'alert',
      });
    // Stored decisions the index would not take today: 'b' is a word-for-word copy of 'a' yet its own story.
    await insertItem(db, row('a', 'st-x', '2026-03-01T10:00:00.000Z'));
    await insertItem(db, row('b', 'st-y', '2026-03-01T10:05:00.000Z'));
    // Fetched long before the window: never read back.
    await insertItem(db, row('old', 'st-x', '2026-01-01T10:00:00.000Z'));
  });

  afterAll(async () => {
    await redis?.del(lockKey);
    redis?.disconnect();
    await db?.close();
  });

  it('replays stored rows with restore and decides only the new item', async () => {
    let created: StoryIndex | undefined;
    const sync = new StoryIndexSync(
      db,
      redis,
      lockKey,
      () => (created = new StoryIndex({ windowHours: 72 })),
      windowMs,
      () => now,
    );
    const stored: string[] = [];
    const { assignment } = await sync.assign(
      {
        id: 'c',
        lang: 'ar',
        title: 'خبر آخر',
        text: 'ارتفعت أسعار الذهب في الأسواق المحلية اليوم.',
        publishedAt: null,
      },
      async (a) => {
        stored.push(a.storyId);
        return a;
      },
    );
    expect(assignment.storyId).toBe('st-c');
    expect(stored).toEqual(['st-c']);
    const entries = created?.snapshot().entries ?? [];
    expect(entries.map((e) => [e.item.id, e.assignment.storyId, e.assignment.reasons[0]])).toEqual([
      ['a', 'st-x', 'restored'],
      ['b', 'st-y', 'restored'],
      ['c', 'st-c', 'new-story'],
    ]);
    // Published in 2025 but fetched within the window: still held, so a copy of it is caught.
    const copy = await sync.assign(
      { id: 'd', lang: 'ar', title: 'تسلم قاعدة حرير', text: BODY, publishedAt: '2025-08-23T11:00:00Z' },
      async (a) => a,
    );
    expect(copy.assignment).toMatchObject({ storyId: 'st-x', duplicateOf: 'a' });
    expect(sync.size).toBe(4);
  });

  /** A sync over a fresh index whose clock is `clock`. */
  const syncAt = (clock: () => number) =>
    new StoryIndexSync(db, redis, lockKey, () => new StoryIndex(), windowMs, clock);

  it('forgets items fetched before the window', async () => {
    const later = now + 4 * 24 * 3600_000;
    const sync = syncAt(() => later);
    const { assignment } = await sync.assign(
      { id: 'e', lang: 'ar', title: 'تسلم قاعدة حرير', text: BODY, publishedAt: '2025-08-23T11:00:00Z' },
      async (a) => a,
    );
    expect(assignment).toMatchObject({ storyId: 'st-e', duplicateOf: null });
    expect(sync.size).toBe(1);
  });

  it('a long-running process forgets what left the window, index and remembered ids alike', async () => {
    let clock = now;
    const sync = syncAt(() => clock);
    const assign = (id: string) =>
      sync.assign(
        {
          id,
          lang: 'en',
          title: `Unrelated market report ${id}`,
          text: `Prices moved on day ${id}.`,
          publishedAt: null,
          seenAt: new Date(clock).toISOString(),
        },
        async (a) => a,
      );
    await assign('m1');
    await assign('m2');
    // a, b (stored rows in the window) and the two new ones.
    expect(sync.size).toBe(4);
    expect(sync.knownIds).toBe(4);
    clock += windowMs + 2 * 3600_000;
    await assign('m3');
    expect(sync.size).toBe(1);
    expect(sync.knownIds).toBe(1);
  });

  it('concurrent assignments in one process take the Redis lock once each, in call order', async () => {
    let sets = 0;
    // Counts every attempt to take the lock: a waiter polling it shows up as more than one per assignment.
    const counting = new Proxy(redis, {
      get(target, prop, receiver) {
        if (prop === 'set')
          return (...args: Parameters<Redis['set']>) => {
            if (args[0] === lockKey) sets += 1;
            return (target.set as (...a: unknown[]) => unknown).apply(target, args);
          };
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as Redis;
    const sync = new StoryIndexSync(
      db,
      counting,
      lockKey,
      () => new StoryIndex(),
      windowMs,
      () => now,
    );
    const order: string[] = [];
    const ids = Array.from({ length: 8 }, (_, k) => `q${k}`);
    const results = await Promise.allSettled(
      ids.map((id, k) =>
        sync.assign(
          {
            id,
            lang: 'en',
            title: `Harbour report ${id}`,
            text: `Cargo volumes on pier ${id}.`,
            publishedAt: null,
          },
          async (a) => {
            order.push(id);
            // Long enough for every other call to be waiting meanwhile.
            await new Promise((r) => setTimeout(r, 20));
            if (k === 3) throw new Error('store failed');
            return a;
          },
        ),
      ),
    );
    expect(order).toEqual(ids);
    expect(results.map((r) => r.status)).toEqual(ids.map((_, k) => (k === 3 ? 'rejected' : 'fulfilled')));
    expect(sets).toBe(ids.length);
    expect(await redis.exists(lockKey)).toBe(0);
  });

  it('catches up from what it stored itself, not from the start of the window', async () => {
    const clock = now;
    const sinces: string[] = [];
    // Records the catch-up point of every id listing.
    const spying = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'query')
          return (sql: string, params?: unknown[]) => {
            if (sql.includes('select id from items where fetched_at >=')) sinces.push(String(params?.[0]));
            return target.query(sql, params as never);
          };
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as Db;
    const sync = new StoryIndexSync(
      spying,
      redis,
      lockKey,
      () => new StoryIndex(),
      windowMs,
      () => clock,
    );
    for (const id of ['s1', 's2', 's3'])
      await sync.assign(
        {
          id,
          lang: 'en',
          title: `Rail freight ${id}`,
          text: `Wagons counted at yard ${id}.`,
          publishedAt: null,
        },
        async (a) => {
          // Stored as the article stage stores it, so the next catch-up lists it.
          await insertItem(db, {
            ...row(id, 'st-x', new Date(clock).toISOString()),
            title: `Rail freight ${id}`,
          });
          return a;
        },
      );
    expect(sinces).toHaveLength(3);
    // The third listing starts a minute before the items it stored, not at the window's start (or at 'b', 10:05).
    expect(Date.parse(sinces[2] as string)).toBeGreaterThanOrEqual(clock - 61_000);
  });

  it('reads and stores through the database priority lane when there is one', async () => {
    const laneSql: string[] = [];
    const lane: Db = {
      ...db,
      query: (sql, params) => {
        laneSql.push(sql);
        return db.query(sql, params);
      },
    };
    const sync = new StoryIndexSync(
      { ...db, priorityLane: () => lane },
      redis,
      lockKey,
      () => new StoryIndex(),
      windowMs,
      () => now,
    );
    let given: Db | undefined;
    await sync.assign(
      { id: 'l1', lang: 'en', title: 'Port report', text: 'Ships counted.', publishedAt: null },
      async (a, store) => {
        given = store;
        return a;
      },
    );
    expect(given).toBe(lane);
    expect(laneSql.some((sql) => sql.includes('select id from items where fetched_at >='))).toBe(true);
  });
});
