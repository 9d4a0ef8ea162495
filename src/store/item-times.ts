/** Item times per source, for the rate models (silent-source check, adaptive polling). */
import type { Db } from './db.js';

/**
 * Item times per source (ms): publication time when it is plausible (not after the fetch), else fetch time,
 * within [from, to].
 */
export async function loadItemTimes(
  db: Db,
  ids: string[],
  from: number,
  to: number,
): Promise<Map<string, number[]>> {
  const { rows } = await db.query<{ source_id: string; t: string | number }>(
    `select source_id, (extract(epoch from t) * 1000)::float8 as t from (
       select source_id,
         case when published_at is not null and published_at <= fetched_at + interval '1 hour'
           then published_at else fetched_at end as t
       from items where source_id = any($1::text[]) and fetched_at >= $2) x
     where t >= $2 and t <= $3`,
    [ids, new Date(from).toISOString(), new Date(to).toISOString()],
  );
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const list = out.get(r.source_id) ?? [];
    list.push(Number(r.t));
    out.set(r.source_id, list);
  }
  return out;
}

/** When raqib first crawled each source (ms), for "how long has it been learning". */
export async function loadFirstCrawls(db: Db, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ source_id: string; at: Date | string }>(
    `select source_id, min(started_at) as at from crawls where source_id = any($1::text[]) group by source_id`,
    [ids],
  );
  return new Map(rows.map((r) => [r.source_id, new Date(r.at).getTime()]));
}
