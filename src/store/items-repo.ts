/** Items: every article raqib has seen, with its decision, reasons, story and revision history. */
import { stripControls } from '../shared/text/strip-controls.js';
import { foldedContains } from './search-fold.js';
import type { ClassificationEvidence, DropReasonKind, Reason } from '../shared/types.js';
import type { Db } from './db.js';

export interface ItemRecord {
  id: string;
  sourceId: string;
  url: string;
  canonicalUrl: string;
  guid: string | null;
  title: string | null;
  text: string | null;
  lead: string | null;
  author: string | null;
  imageUrl: string | null;
  language: string | null;
  dir: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  fetchedAt: string;
  contentHash: string | null;
  topicId: string | null;
  score: number | null;
  decision: string | null;
  reasons: Reason[];
  dropReason: string | null;
  /** The typed drop reason (decideAlert); null = alerted or not dropped. Absent on insert = null. */
  dropKind?: DropReasonKind | null;
  storyId: string | null;
  duplicateOf: string | null;
  revision: number;
  /** Why the article page could not be used (`<fetch code>: <message>`); the item was stored from its feed entry. */
  fetchError?: string | null;
  /** The classification's typed evidence (the alert's why line); null on rows stored before it was kept. */
  evidence?: ClassificationEvidence | null;
}

const COLUMNS = `id, source_id as "sourceId", url, canonical_url as "canonicalUrl", guid, title, text, lead, author,
  image_url as "imageUrl", language, dir, published_at as "publishedAt", modified_at as "modifiedAt",
  fetched_at as "fetchedAt", content_hash as "contentHash", topic_id as "topicId", score, decision, reasons,
  drop_reason as "dropReason", drop_kind as "dropKind", story_id as "storyId", duplicate_of as "duplicateOf", revision,
  fetch_error as "fetchError", evidence`;

type ItemRow = Omit<ItemRecord, 'publishedAt' | 'modifiedAt' | 'fetchedAt'> & {
  publishedAt: Date | string | null;
  modifiedAt: Date | string | null;
  fetchedAt: Date | string;
};

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

function toRecord(row: ItemRow): ItemRecord {
  return {
    ...row,
    publishedAt: iso(row.publishedAt),
    modifiedAt: iso(row.modifiedAt),
    fetchedAt: iso(row.fetchedAt) ?? '',
    score: row.score === null ? null : Number(row.score),
    reasons: typeof row.reasons === 'string' ? (JSON.parse(row.reasons) as Reason[]) : row.reasons,
    evidence: parseEvidence(row.evidence),
  };
}

function parseEvidence(value: unknown): ClassificationEvidence | null {
  if (value === null || value === undefined) return null;
  try {
    return (typeof value === 'string' ? JSON.parse(value) : value) as ClassificationEvidence;
  } catch {
    return null;
  }
}

/** Insert a new item; returns false (and changes nothing) when its canonical URL is already stored. */
/** Scraped text without C0/C1 controls: a NUL makes PostgreSQL refuse the row and the item would be lost. */
function clean(value: string | null): string | null {
  return value === null ? null : stripControls(value);
}

export async function insertItem(
  db: Db,
  item: Omit<ItemRecord, 'revision' | 'fetchedAt'> & { fetchedAt?: string },
) {
  const result = await db.query(
    `insert into items (id, source_id, url, canonical_url, guid, title, text, lead, author, image_url, language, dir,
       published_at, modified_at, fetched_at, content_hash, topic_id, score, decision, reasons, drop_reason, story_id,
       duplicate_of, fetch_error, drop_kind, evidence)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,coalesce($15::timestamptz, now()),$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26)
     on conflict (canonical_url) do nothing`,
    [
      item.id,
      item.sourceId,
      item.url,
      item.canonicalUrl,
      clean(item.guid),
      clean(item.title),
      clean(item.text),
      clean(item.lead),
      clean(item.author),
      item.imageUrl,
      item.language,
      item.dir,
      item.publishedAt,
      item.modifiedAt,
      item.fetchedAt ?? null,
      item.contentHash,
      item.topicId,
      item.score,
      item.decision,
      JSON.stringify(item.reasons),
      item.dropReason,
      item.storyId,
      item.duplicateOf,
      item.fetchError ?? null,
      item.dropKind ?? null,
      item.evidence ? JSON.stringify(item.evidence) : null,
    ],
  );
  return result.rowCount === 1;
}

/** Which of these canonical URLs are already stored. */
export async function findStoredCanonicalUrls(db: Db, canonicalUrls: string[]): Promise<Set<string>> {
  if (canonicalUrls.length === 0) return new Set();
  const { rows } = await db.query<{ canonical_url: string }>(
    'select canonical_url from items where canonical_url = any($1::text[])',
    [canonicalUrls],
  );
  return new Set(rows.map((r) => r.canonical_url));
}

export async function getItemByCanonicalUrl(db: Db, canonicalUrl: string): Promise<ItemRecord | null> {
  const { rows } = await db.query<ItemRow>(`select ${COLUMNS} from items where canonical_url = $1`, [
    canonicalUrl,
  ]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function getItem(db: Db, id: string): Promise<ItemRecord | null> {
  const { rows } = await db.query<ItemRow>(`select ${COLUMNS} from items where id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Items of one story, oldest first. */
export async function listStoryItems(db: Db, storyId: string): Promise<ItemRecord[]> {
  const { rows } = await db.query<ItemRow>(
    `select ${COLUMNS} from items where story_id = $1 order by fetched_at, id`,
    [storyId],
  );
  return rows.map(toRecord);
}

export interface ItemFilter {
  sourceId?: string | undefined;
  decision?: string | undefined;
  text?: string | undefined;
  since?: Date | undefined;
  limit?: number | undefined;
}

/**
 * The `where` clause (or '') of an item listing, its values pushed onto `params`: the CLI's listItems and the
 * console's searchItems filter alike. `decision: 'duplicate'` means items joined to an earlier copy.
 */
export function itemFilterClause(
  filter: ItemFilter & { id?: string | undefined },
  params: unknown[],
): string {
  const where: string[] = [];
  if (filter.id) where.push(`id = $${params.push(filter.id)}`);
  if (filter.sourceId) where.push(`source_id = $${params.push(filter.sourceId)}`);
  if (filter.decision === 'duplicate') where.push('duplicate_of is not null');
  else if (filter.decision) where.push(`decision = $${params.push(filter.decision)}`);
  if (filter.text) where.push(foldedContains(['title', 'text'], filter.text, params));
  if (filter.since) where.push(`fetched_at >= $${params.push(filter.since.toISOString())}`);
  return where.length ? `where ${where.join(' and ')}` : '';
}

/** Recent items, newest first, filtered. */
export async function listItems(db: Db, filter: ItemFilter = {}): Promise<ItemRecord[]> {
  const params: unknown[] = [];
  const where = itemFilterClause(filter, params);
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 10_000);
  const { rows } = await db.query<ItemRow>(
    `select ${COLUMNS} from items ${where} order by fetched_at desc, id limit ${limit}`,
    params,
  );
  return rows.map(toRecord);
}

/** Store a new revision of an item (changed title or text), keeping the previous one in item_revisions. */
export async function reviseItem(
  db: Db,
  id: string,
  next: { title: string | null; text: string | null; contentHash: string | null; modifiedAt: string | null },
): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{
      revision: number;
      title: string | null;
      text: string | null;
      content_hash: string | null;
    }>('select revision, title, text, content_hash from items where id = $1 for update', [id]);
    const current = rows[0];
    if (!current) throw new Error(`no item ${id}`);
    await tx.query(
      `insert into item_revisions (item_id, revision, title, text, content_hash) values ($1,$2,$3,$4,$5)
       on conflict do nothing`,
      [id, current.revision, current.title, current.text, current.content_hash],
    );
    const revision = current.revision + 1;
    await tx.query(
      `update items set title = $2, text = $3, content_hash = $4, modified_at = $5, revision = $6, updated_at = now()
       where id = $1`,
      [id, clean(next.title), clean(next.text), next.contentHash, next.modifiedAt, revision],
    );
    return revision;
  });
}

/** Items fetched since `since`, oldest first (for rebuilding in-memory indexes). */
export async function listItemsSince(db: Db, since: Date, limit = 50_000): Promise<ItemRecord[]> {
  const { rows } = await db.query<ItemRow>(
    `select ${COLUMNS} from items where fetched_at >= $1 order by fetched_at, id limit ${limit}`,
    [since.toISOString()],
  );
  return rows.map(toRecord);
}

/** Ids of the items fetched since `since`, oldest first: a cheap look (no text) before reading the unknown rows. */
export async function listItemIdsSince(db: Db, since: Date, limit = 50_000): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from items where fetched_at >= $1 order by fetched_at, id limit ${limit}`,
    [since.toISOString()],
  );
  return rows.map((r) => r.id);
}

/** The items with these ids, oldest fetch first. */
export async function getItemsByIds(db: Db, ids: readonly string[]): Promise<ItemRecord[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ItemRow>(
    `select ${COLUMNS} from items where id = any($1) order by fetched_at, id`,
    [[...ids]],
  );
  return rows.map(toRecord);
}
