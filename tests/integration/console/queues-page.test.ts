/**
 * The queues page's failed jobs link to what their data names: an article job to the item stored under its
 * canonical URL (Arabic and English URLs), or says the item is not stored; a delivery job to its story; any job to
 * its source. Job data is whatever Redis holds: malformed or hostile fields give no link and no markup.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp, type DashboardDeps } from '../../../src/console/web/app.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { insertItem } from '../../../src/store/items-repo.js';

const STORED = [
  { id: 'it-ar-stored', url: 'https://outlet.example/ar/سياسة/انسحاب-القوات-الأمريكية', lang: 'ar' },
  { id: 'it-en-stored', url: 'https://outlet.example/en/world/us-troops-leave-iraq?id=7', lang: 'en' },
];

const article = (canonicalUrl: unknown, sourceId: unknown = 'outlet-ar') => ({
  sourceId,
  canonicalUrl,
  candidate: { sourceId, url: canonicalUrl, title: 'x' },
  seenAt: '2025-09-10T10:00:00Z',
});

interface FakeJob {
  id: string;
  name: string;
  data: unknown;
}

const JOBS: Record<string, FakeJob[]> = {
  article: [
    { id: 'a1', name: 'article', data: article(STORED[0]!.url) },
    { id: 'a2', name: 'article', data: article(STORED[1]!.url, 'outlet-en') },
    { id: 'a3', name: 'article', data: article('https://outlet.example/ar/لم-يخزن') },
    { id: 'a4', name: 'article', data: article('https://outlet.example/en/never-stored', 'outlet-en') },
    { id: 'a5', name: 'article', data: article(42, '"><script>alert(1)</script>') },
  ],
  deliver: [
    { id: 'd1', name: 'deliver', data: { storyId: 'st-abc', channelId: 'alerts-ar' } },
    { id: 'd2', name: 'deliver', data: { storyId: '../../etc', channelId: 'alerts-en' } },
  ],
  crawl: [
    { id: 'c1', name: 'crawl', data: { sourceId: 'outlet-en' } },
    { id: 'c2', name: 'crawl', data: null },
    { id: 'c3', name: 'crawl', data: 'not an object' },
  ],
};

function fakeQueue(name: string) {
  const failed = (JOBS[name] ?? []).map((j) => ({
    ...j,
    attemptsMade: 3,
    finishedOn: Date.parse('2025-09-10T10:05:00Z'),
    failedReason: 'boom',
  }));
  return {
    name,
    getJobCounts: async () => ({ failed: failed.length }),
    isPaused: async () => false,
    getFailed: async () => failed,
    getJobSchedulers: async () => [],
  };
}

describe('queues page links failed jobs', () => {
  let db: Db;
  let page = '';

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    for (const s of STORED)
      await insertItem(db, {
        id: s.id,
        sourceId: s.lang === 'ar' ? 'outlet-ar' : 'outlet-en',
        url: s.url,
        canonicalUrl: s.url,
        guid: null,
        title: 't',
        text: 't',
        lead: null,
        author: null,
        imageUrl: null,
        language: s.lang,
        dir: null,
        publishedAt: null,
        modifiedAt: null,
        contentHash: `h-${s.id}`,
        topicId: null,
        score: null,
        decision: 'drop',
        reasons: [],
        dropReason: null,
        storyId: null,
        duplicateOf: null,
      });
    const queues = { all: () => Object.keys(JOBS).map(fakeQueue) };
    const deps = {
      db,
      queues,
      logger: pino({ level: 'silent' }),
      now: () => new Date('2025-09-10T11:00:00Z'),
    } as unknown as DashboardDeps;
    const res = await createDashboardApp(deps).request('http://localhost/queues');
    expect(res.status).toBe(200);
    page = await res.text();
  });
  afterAll(async () => {
    await db.close();
  });

  /** The links under one failed job's data cell, by kind. */
  function linksOf(jobId: string): Record<string, string | null> {
    const row = new RegExp(`<tr>\\s*<td>${jobId}</td>([\\s\\S]*?)</tr>`).exec(page);
    expect(row, jobId).not.toBeNull();
    const links: Record<string, string | null> = {};
    for (const m of row![1]!.matchAll(/<(?:a href="([^"]*)"|span[^>]*) data-link="(\w+)"/g))
      links[m[2]!] = m[1] ?? null;
    return links;
  }

  it('links article jobs to the items stored under their canonical URLs', () => {
    expect(linksOf('a1')).toEqual({ item: '/items/it-ar-stored', source: '/sources/outlet-ar' });
    expect(linksOf('a2')).toEqual({ item: '/items/it-en-stored', source: '/sources/outlet-en' });
  });

  it('says when an article job’s item is not stored', () => {
    expect(linksOf('a3')).toEqual({ none: null, source: '/sources/outlet-ar' });
    expect(linksOf('a4')).toEqual({ none: null, source: '/sources/outlet-en' });
  });

  it('links delivery jobs to their story and crawl jobs to their source', () => {
    expect(linksOf('d1')).toEqual({ story: '/stories/st-abc' });
    expect(linksOf('c1')).toEqual({ source: '/sources/outlet-en' });
  });

  it('gives no link for malformed or hostile job data, and no markup from it', () => {
    for (const id of ['a5', 'd2', 'c2', 'c3']) expect(linksOf(id), id).toEqual({});
    expect(page).not.toContain('<script>alert(1)</script>');
  });
});
