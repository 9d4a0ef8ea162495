/**
 * The history a running deployment would have (benchmark helper, not production code): for every simulated
 * outlet, a first crawl days ago and the items it published since (stored as dropped items, outside the story
 * window), so that adaptive polling learns each outlet's rate from the database as it does in production. Fixed
 * polling runs get the same rows, so both runs start from the same database size.
 */
import { openDb } from '../../src/store/db.js';
import type { PublicationSchedule } from './publication-schedule.js';
import type { SimOutlet } from './sim-outlets.js';

const CHUNK = 5000;

/** Insert the history; @returns the number of items inserted. */
export async function seedHistory(
  target: { databaseUrl: string | undefined; dataDir: string },
  outlets: readonly SimOutlet[],
  schedule: PublicationSchedule,
  options: { now: number; firstCrawlAgoMs: number },
): Promise<number> {
  const db = await openDb(target);
  try {
    await db.query(
      `insert into crawls (source_id, started_at, finished_at, status)
       select s, $2::timestamptz, $2::timestamptz, 'ok' from unnest($1::text[]) s`,
      [outlets.map((o) => o.id), new Date(options.now - options.firstCrawlAgoMs).toISOString()],
    );
    let rows: { id: string; source: string; url: string; at: string; fetched: string }[] = [];
    let inserted = 0;
    const flush = async () => {
      if (rows.length === 0) return;
      await db.query(
        `insert into items (id, source_id, url, canonical_url, title, language, published_at, fetched_at,
           decision)
         select id, s, u, u, 'history', 'en', p, f, 'drop'
         from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) as x(id, s, u, p, f)`,
        [
          rows.map((r) => r.id),
          rows.map((r) => r.source),
          rows.map((r) => r.url),
          rows.map((r) => r.at),
          rows.map((r) => r.fetched),
        ],
      );
      inserted += rows.length;
      rows = [];
    };
    for (const outlet of outlets) {
      const times = schedule.history[outlet.index] ?? [];
      for (let k = 0; k < times.length; k++) {
        const at = options.now + (times[k] as number);
        rows.push({
          id: `hist-${outlet.index}-${k}`,
          source: outlet.id,
          url: `${outlet.origin}/h/${k}.html`,
          at: new Date(at).toISOString(),
          fetched: new Date(at + 30_000).toISOString(),
        });
        if (rows.length >= CHUNK) await flush();
      }
    }
    await flush();
    return inserted;
  } finally {
    await db.close();
  }
}
