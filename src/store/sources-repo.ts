/** Source rows: the configured sources mirrored into the database, with their health. */
import type { Db } from './db.js';

export interface SourceHealthRow {
  id: string;
  name: string;
  language: string | null;
  enabled: boolean;
  paused: boolean;
  pauseReason: string | null;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  lastLayer: string | null;
  lastItemCount: number | null;
  nextAttemptAt: string | null;
}

const COLUMNS = `id, name, language, enabled, paused, pause_reason as "pauseReason",
  consecutive_failures as "consecutiveFailures", last_success_at as "lastSuccessAt", last_error_at as "lastErrorAt",
  last_error as "lastError", last_layer as "lastLayer", last_item_count as "lastItemCount",
  next_attempt_at as "nextAttemptAt"`;

type Row = Record<keyof SourceHealthRow, unknown>;

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

function toRecord(row: Row): SourceHealthRow {
  return {
    id: String(row.id),
    name: String(row.name),
    language: (row.language as string | null) ?? null,
    enabled: Boolean(row.enabled),
    paused: Boolean(row.paused),
    pauseReason: (row.pauseReason as string | null) ?? null,
    consecutiveFailures: Number(row.consecutiveFailures),
    lastSuccessAt: iso(row.lastSuccessAt),
    lastErrorAt: iso(row.lastErrorAt),
    lastError: (row.lastError as string | null) ?? null,
    lastLayer: (row.lastLayer as string | null) ?? null,
    lastItemCount: row.lastItemCount === null ? null : Number(row.lastItemCount),
    nextAttemptAt: iso(row.nextAttemptAt),
  };
}

/** Mirror configured sources (name, language, enabled) into the table; health columns are kept. */
export async function syncSources(
  db: Db,
  sources: ReadonlyArray<{ id: string; name: string; language: string; enabled: boolean }>,
): Promise<void> {
  for (const s of sources) {
    await db.query(
      `insert into sources (id, name, language, enabled) values ($1,$2,$3,$4)
       on conflict (id) do update set name = excluded.name, language = excluded.language, enabled = excluded.enabled,
         updated_at = now()`,
      [s.id, s.name, s.language, s.enabled],
    );
  }
}

export async function getSourceHealth(db: Db, id: string): Promise<SourceHealthRow | null> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from sources where id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function listSourceHealth(db: Db): Promise<SourceHealthRow[]> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from sources order by id`);
  return rows.map(toRecord);
}

export async function saveSourceHealth(
  db: Db,
  id: string,
  h: Omit<SourceHealthRow, 'id' | 'name' | 'language' | 'enabled'>,
): Promise<void> {
  await db.query(
    `update sources set paused = $2, pause_reason = $3, consecutive_failures = $4, last_success_at = $5,
       last_error_at = $6, last_error = $7, last_layer = $8, last_item_count = $9, next_attempt_at = $10,
       updated_at = now()
     where id = $1`,
    [
      id,
      h.paused,
      h.pauseReason,
      h.consecutiveFailures,
      h.lastSuccessAt,
      h.lastErrorAt,
      h.lastError,
      h.lastLayer,
      h.lastItemCount,
      h.nextAttemptAt,
    ],
  );
}

/**
 * Save the health a crawl computed. Unlike {@link saveSourceHealth} it never clears a pause: an operator may have
 * paused the source while it was being crawled, and the crawl's record (read before) must not undo that.
 */
export async function saveCrawlHealth(
  db: Db,
  id: string,
  h: Omit<SourceHealthRow, 'id' | 'name' | 'language' | 'enabled'>,
): Promise<void> {
  await db.query(
    `update sources set paused = paused or $2, pause_reason = case when paused then pause_reason else $3 end,
       consecutive_failures = $4, last_success_at = $5, last_error_at = $6, last_error = $7, last_layer = $8,
       last_item_count = $9, next_attempt_at = $10, updated_at = now()
     where id = $1`,
    [
      id,
      h.paused,
      h.pauseReason,
      h.consecutiveFailures,
      h.lastSuccessAt,
      h.lastErrorAt,
      h.lastError,
      h.lastLayer,
      h.lastItemCount,
      h.nextAttemptAt,
    ],
  );
}

/** Pause or resume a source by hand; the reason is shown to operators. */
export async function setSourcePaused(
  db: Db,
  id: string,
  paused: boolean,
  reason: string | null,
): Promise<boolean> {
  const result = await db.query(
    `update sources set paused = $2, pause_reason = $3, consecutive_failures = case when $2 then consecutive_failures else 0 end,
       next_attempt_at = null, updated_at = now() where id = $1`,
    [id, paused, paused ? reason : null],
  );
  return result.rowCount === 1;
}

export interface CrawlRecord {
  sourceId: string;
  startedAt: Date;
  layer: string | null;
  status: 'ok' | 'not-modified' | 'error' | 'skipped';
  candidates: number;
  newItems: number;
  error: string | null;
}

export async function recordCrawl(db: Db, crawl: CrawlRecord): Promise<void> {
  await db.query(
    `insert into crawls (source_id, started_at, finished_at, layer, status, candidates, new_items, error)
     values ($1,$2,now(),$3,$4,$5,$6,$7)`,
    [
      crawl.sourceId,
      crawl.startedAt.toISOString(),
      crawl.layer,
      crawl.status,
      crawl.candidates,
      crawl.newItems,
      crawl.error,
    ],
  );
}
