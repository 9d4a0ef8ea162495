/** The crawl history queries and migration 300 on PostgreSQL (the other crawl-status tests run on PGlite). */
import { describe, expect, inject, it } from 'vitest';
import type { CrawlAttempt } from '../../../src/fetch/crawl-source.js';
import { openDb } from '../../../src/store/db.js';
import {
  lastCrawlBySource,
  listCrawlHistory,
  recordCrawl,
  syncSources,
} from '../../../src/store/sources-repo.js';

const postgresUrl = inject('postgresUrl');

describe('crawl history on PostgreSQL', () => {
  it.skipIf(!postgresUrl)(
    'stores attempts, keeps the last change time and lists newest first',
    async () => {
      const schema = `crawl_hist_${Date.now().toString(36)}_${process.pid}`;
      const db = await openDb({ databaseUrl: postgresUrl as string, schema });
      try {
        await syncSources(db, [
          { id: 'ar-outlet', name: 'منفذ', language: 'ar', enabled: true },
          { id: 'en-outlet', name: 'Outlet', language: 'en', enabled: true },
        ]);
        const t = (min: number) => new Date(Date.parse('2025-09-10T12:00:00Z') + min * 60_000);
        const feed404: CrawlAttempt = {
          layer: 'feed',
          url: 'https://a.example/feed',
          ok: false,
          count: 0,
          error: 'fetch-http-status: HTTP 404 (https://a.example/feed)',
          httpStatus: 404,
          durationMs: 12,
        };
        const sitemapOk: CrawlAttempt = {
          layer: 'sitemap',
          url: 'https://a.example/s.xml',
          ok: true,
          count: 3,
          httpStatus: 200,
          durationMs: 40,
          dropped: [{ url: 'https://b.example/x', reason: 'host-not-allowed' }],
        };
        const base = { sourceId: 'ar-outlet', candidates: 0, newItems: 0, error: null };
        await recordCrawl(db, {
          ...base,
          startedAt: t(0),
          layer: 'sitemap',
          status: 'partial',
          candidates: 3,
          newItems: 3,
          attempts: [feed404, sitemapOk],
          durationMs: 60,
        });
        await recordCrawl(db, {
          ...base,
          startedAt: t(5),
          layer: 'feed',
          status: 'not-modified',
          notModified: true,
          attempts: [
            {
              layer: 'feed',
              url: 'https://a.example/feed',
              ok: true,
              count: 0,
              notModified: true,
              httpStatus: 304,
            },
          ],
        });
        await recordCrawl(db, {
          ...base,
          sourceId: 'en-outlet',
          startedAt: t(1),
          layer: null,
          status: 'failed',
          error: 'feed: HTTP 404',
          attempts: [feed404],
        });
        const history = await listCrawlHistory(db, 'ar-outlet');
        expect(history.map((c) => c.status)).toEqual(['not-modified', 'partial']);
        expect(history[1]?.attempts).toEqual([
          {
            layer: 'feed',
            url: 'https://a.example/feed',
            ok: false,
            count: 0,
            error: feed404.error,
            httpStatus: 404,
            durationMs: 12,
          },
          {
            layer: 'sitemap',
            url: 'https://a.example/s.xml',
            ok: true,
            count: 3,
            httpStatus: 200,
            durationMs: 40,
            dropped: 1,
          },
        ]);
        const last = await lastCrawlBySource(db);
        expect(last.get('ar-outlet')).toEqual({
          status: 'not-modified',
          startedAt: t(5).toISOString(),
          notModified: true,
          lastChangedAt: t(0).toISOString(),
        });
        expect(last.get('en-outlet')).toMatchObject({ status: 'failed', lastChangedAt: null });
      } finally {
        await db.query(`drop schema ${schema} cascade`);
        await db.close();
      }
    },
    60_000,
  );
});
