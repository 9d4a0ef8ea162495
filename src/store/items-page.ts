/**
 * Items read a page at a time in fetch order (keyset pagination on `(fetched_at, id)`), for long read-only
 * passes such as replay. The cursor keeps the database's full timestamp precision (microseconds), which an ISO
 * string from a JS Date would round away.
 */
import type { Reason } from '../shared/types.js';
import type { Db } from './db.js';
import type { ItemRecord } from './items-repo.js';

export interface ItemsPageQuery {
  from: Date;
  to: Date;
  /** The last row of the previous page. */
  after: ItemsCursor | null;
  limit: number;
}

export interface ItemsCursor {
  cursor: string;
  id: string;
}

export type PagedItem = ItemRecord & { cursor: string };

const COLUMNS = `id, source_id as "sourceId", url, canonical_url as "canonicalUrl", guid, title, text, lead, author,
  image_url as "imageUrl", language, dir, published_at as "publishedAt", modified_at as "modifiedAt",
  fetched_at as "fetchedAt", content_hash as "contentHash", topic_id as "topicId", score, decision, reasons,
  drop_reason as "dropReason", drop_kind as "dropKind", story_id as "storyId", duplicate_of as "duplicateOf", revision,
  fetched_at::text as cursor`;

type Row = Omit<PagedItem, 'publishedAt' | 'modifiedAt' | 'fetchedAt' | 'reasons'> & {
  publishedAt: Date | string | null;
  modifiedAt: Date | string | null;
  fetchedAt: Date | string;
  reasons: Reason[] | string;
};

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

/** One page of items fetched in [from, to), oldest first. */
export async function listItemsPage(db: Db, q: ItemsPageQuery): Promise<PagedItem[]> {
  const params: unknown[] = [q.from.toISOString(), q.to.toISOString()];
  let where = 'fetched_at >= $1 and fetched_at < $2';
  if (q.after) {
    params.push(q.after.cursor, q.after.id);
    where += ' and (fetched_at, id) > ($3::timestamptz, $4)';
  }
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from items where ${where} order by fetched_at, id limit ${Math.max(1, Math.floor(q.limit))}`,
    params,
  );
  return rows.map((r) => ({
    ...r,
    publishedAt: iso(r.publishedAt),
    modifiedAt: iso(r.modifiedAt),
    fetchedAt: iso(r.fetchedAt) ?? '',
    score: r.score === null ? null : Number(r.score),
    reasons: typeof r.reasons === 'string' ? (JSON.parse(r.reasons) as Reason[]) : r.reasons,
  }));
}
