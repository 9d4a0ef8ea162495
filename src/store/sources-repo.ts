/** Source rows: the configured sources mirrored into the database, with their health. */
import type { CrawlAttempt } from '../fetch/crawl-source.js';
import type { CrawlStatus } from '../fetch/crawl/crawl-status.js';
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

/** One layer's part in a crawl, as stored in `crawls.attempts` (the filter's dropped list reduced to a count). */
export interface StoredCrawlAttempt {
  layer: string;
  url: string;
  ok: boolean;
  count: number;
  error?: string;
  httpStatus?: number;
  durationMs?: number;
  notModified?: boolean;
  stale?: boolean;
  dropped?: number;
}

export interface CrawlRecord {
  sourceId: string;
  startedAt: Date;
  layer: string | null;
  status: CrawlStatus;
  candidates: number;
  newItems: number;
  error: string | null;
  /** The serving layer answered 304 (the status may still be `partial` when another layer failed). */
  notModified?: boolean;
  attempts?: readonly CrawlAttempt[];
  durationMs?: number;
}

/** At most this many attempts and this much error text are stored per crawl (the YAML is operator input). */
const MAX_STORED_ATTEMPTS = 10;
const MAX_ERROR_CHARS = 500;

function storedAttempts(attempts: readonly CrawlAttempt[]): StoredCrawlAttempt[] {
  return attempts.slice(0, MAX_STORED_ATTEMPTS).map((a) => {
    const out: StoredCrawlAttempt = { layer: a.layer, url: a.url, ok: a.ok, count: a.count };
    if (a.error !== undefined) out.error = a.error.slice(0, MAX_ERROR_CHARS);
    if (a.httpStatus !== undefined) out.httpStatus = a.httpStatus;
    if (a.durationMs !== undefined) out.durationMs = a.durationMs;
    if (a.notModified) out.notModified = true;
    if (a.stale) out.stale = true;
    if (a.dropped && a.dropped.length > 0) out.dropped = a.dropped.length;
    return out;
  });
}

export async function recordCrawl(db: Db, crawl: CrawlRecord): Promise<void> {
  await db.query(
    `insert into crawls (source_id, started_at, finished_at, layer, status, candidates, new_items, error,
       not_modified, attempts, duration_ms)
     values ($1,$2,now(),$3,$4,$5,$6,$7,$8,$9::jsonb,$10)`,
    [
      crawl.sourceId,
      crawl.startedAt.toISOString(),
      crawl.layer,
      crawl.status,
      crawl.candidates,
      crawl.newItems,
      crawl.error === null ? null : crawl.error.slice(0, 2000),
      crawl.notModified ?? false,
      crawl.attempts ? JSON.stringify(storedAttempts(crawl.attempts)) : null,
      crawl.durationMs ?? null,
    ],
  );
}

export interface CrawlHistoryRow {
  startedAt: string;
  layer: string | null;
  status: string;
  candidates: number;
  newItems: number;
  error: string | null;
  notModified: boolean;
  durationMs: number | null;
  attempts: StoredCrawlAttempt[];
}

/** The source's most recent crawls, newest first (at most `limit`, default 50). */
export async function listCrawlHistory(db: Db, sourceId: string, limit = 50): Promise<CrawlHistoryRow[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select started_at, layer, status, candidates, new_items, error, not_modified, duration_ms, attempts
     from crawls where source_id = $1 order by started_at desc, id desc limit $2`,
    [sourceId, Math.max(1, Math.min(500, Math.trunc(limit)))],
  );
  return rows.map((r) => ({
    startedAt: new Date(r.started_at as string).toISOString(),
    layer: (r.layer as string | null) ?? null,
    status: String(r.status),
    candidates: Number(r.candidates),
    newItems: Number(r.new_items),
    error: (r.error as string | null) ?? null,
    notModified: Boolean(r.not_modified),
    durationMs: r.duration_ms === null || r.duration_ms === undefined ? null : Number(r.duration_ms),
    attempts: parseAttempts(r.attempts),
  }));
}

function parseAttempts(value: unknown): StoredCrawlAttempt[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as StoredCrawlAttempt[]) : [];
}

export interface LastCrawl {
  status: string;
  startedAt: string;
  /** Its serving layer answered 304. */
  notModified: boolean;
  /** The last crawl whose serving layer returned content (not a 304): what "unchanged since" refers to. */
  lastChangedAt: string | null;
}

/** Per source, its latest crawl and the start of its latest crawl that returned content. */
export async function lastCrawlBySource(db: Db): Promise<Map<string, LastCrawl>> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select s.id as source_id, l.status, l.started_at, l.not_modified, c.changed_at
     from sources s
     cross join lateral (select status, started_at, not_modified from crawls where source_id = s.id
                         order by started_at desc, id desc limit 1) l
     left join lateral (select started_at as changed_at from crawls
                        where source_id = s.id and status in ('ok', 'partial') and not not_modified
                        order by started_at desc limit 1) c on true`,
  );
  return new Map(
    rows.map((r) => [
      String(r.source_id),
      {
        status: String(r.status),
        startedAt: new Date(r.started_at as string).toISOString(),
        notModified: Boolean(r.not_modified),
        lastChangedAt: r.changed_at ? new Date(r.changed_at as string).toISOString() : null,
      },
    ]),
  );
}
