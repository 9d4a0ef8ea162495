/**
 * Read-only queries behind the operator dashboard: per-hour item counts, crawl statistics, item search with
 * drop reasons, and stories with their items and deliveries.
 */
import {
  pageItems,
  type ItemListFilter,
  type ItemSort,
  type Page,
  type PageRequest,
} from './console-lists.js';
import { itemFilterClause } from './items-repo.js';
import type { DropReasonKind, Reason } from '../shared/types.js';
import type { Db } from './db.js';
import type { StoryRecord } from './stories-repo.js';

const HOUR_MS = 3_600_000;
const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

/** Items first seen per source and hour (keys: epoch ms of the hour's start, UTC) since `since`. */
export async function itemsPerHourBySource(db: Db, since: Date): Promise<Map<string, Map<number, number>>> {
  const { rows } = await db.query<{ source_id: string; hour: string | number; n: number }>(
    `select source_id, floor(extract(epoch from fetched_at) / 3600)::bigint as hour, count(*)::int as n
     from items where fetched_at >= $1 group by 1, 2`,
    [since.toISOString()],
  );
  const out = new Map<string, Map<number, number>>();
  for (const row of rows) {
    let bySource = out.get(row.source_id);
    if (!bySource) out.set(row.source_id, (bySource = new Map()));
    bySource.set(Number(row.hour) * HOUR_MS, Number(row.n));
  }
  return out;
}

export interface CrawlStats {
  sourceId: string;
  crawls: number;
  errors: number;
  avgCandidates: number;
  avgNewItems: number;
  lastStartedAt: string | null;
}

/** Crawl counts, errors and items per crawl for each source since `since`. */
export async function crawlStatsBySource(db: Db, since: Date): Promise<Map<string, CrawlStats>> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select source_id, count(*)::int as crawls, sum(case when status = 'failed' then 1 else 0 end)::int as errors,
       coalesce(avg(candidates), 0)::float8 as avg_candidates, coalesce(avg(new_items), 0)::float8 as avg_new,
       max(started_at) as last_started
     from crawls where started_at >= $1 group by 1`,
    [since.toISOString()],
  );
  return new Map(
    rows.map((r) => [
      String(r.source_id),
      {
        sourceId: String(r.source_id),
        crawls: Number(r.crawls),
        errors: Number(r.errors),
        avgCandidates: Number(r.avg_candidates),
        avgNewItems: Number(r.avg_new),
        lastStartedAt: iso(r.last_started),
      },
    ]),
  );
}

export interface ArticleErrorStats {
  /** Items stored from their feed entry because the article page failed. */
  count: number;
  lastError: string | null;
  lastAt: string | null;
}

/** Per source, items fetched since `since` whose article page failed (`items.fetch_error`), and the newest error. */
export async function articleErrorsBySource(db: Db, since: Date): Promise<Map<string, ArticleErrorStats>> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select source_id, count(*)::int as n, max(fetched_at) as last_at,
       (array_agg(fetch_error order by fetched_at desc))[1] as last_error
     from items where fetch_error is not null and fetched_at >= $1 group by 1`,
    [since.toISOString()],
  );
  return new Map(
    rows.map((r) => [
      String(r.source_id),
      {
        count: Number(r.n),
        lastError: (r.last_error as string | null) ?? null,
        lastAt: iso(r.last_at),
      },
    ]),
  );
}

export interface ConsoleItem {
  id: string;
  sourceId: string;
  url: string;
  title: string | null;
  lead: string | null;
  language: string | null;
  dir: string | null;
  publishedAt: string | null;
  fetchedAt: string;
  topicId: string | null;
  score: number | null;
  decision: string | null;
  reasons: Reason[];
  dropReason: string | null;
  /** The typed drop reason (what the dashboard shows why by); null = not dropped. */
  dropKind: DropReasonKind | null;
  storyId: string | null;
  duplicateOf: string | null;
  revision: number;
  /** The article page failed (`<code>: <message>`); the item was stored from its feed entry. */
  fetchError: string | null;
}

export const ITEM_COLUMNS = `id, source_id, url, title, lead, language, dir, published_at, fetched_at, topic_id, score,
  decision, reasons, drop_reason, drop_kind, story_id, duplicate_of, revision, fetch_error`;

export function toItem(r: Record<string, unknown>): ConsoleItem {
  return {
    id: String(r.id),
    sourceId: String(r.source_id),
    url: String(r.url),
    title: (r.title as string | null) ?? null,
    lead: (r.lead as string | null) ?? null,
    language: (r.language as string | null) ?? null,
    dir: (r.dir as string | null) ?? null,
    publishedAt: iso(r.published_at),
    fetchedAt: iso(r.fetched_at) ?? '',
    topicId: (r.topic_id as string | null) ?? null,
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    decision: (r.decision as string | null) ?? null,
    reasons: (typeof r.reasons === 'string' ? JSON.parse(r.reasons) : (r.reasons ?? [])) as Reason[],
    dropReason: (r.drop_reason as string | null) ?? null,
    dropKind: (r.drop_kind as DropReasonKind | null) ?? null,
    storyId: (r.story_id as string | null) ?? null,
    duplicateOf: (r.duplicate_of as string | null) ?? null,
    revision: Number(r.revision ?? 1),
    fetchError: (r.fetch_error as string | null) ?? null,
  };
}

export interface ItemSearch {
  /** One item by id. */
  id?: string | undefined;
  sourceId?: string | undefined;
  /** `alert`, `digest`, `drop`, or `duplicate` (items joined to an earlier copy). */
  decision?: string | undefined;
  /** Substring of the title or text (case-insensitive). */
  text?: string | undefined;
  limit?: number | undefined;
}

/** Recent items, newest first. */
export async function searchItems(db: Db, filter: ItemSearch = {}): Promise<ConsoleItem[]> {
  const params: unknown[] = [];
  const where = itemFilterClause(filter, params);
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1000);
  const { rows } = await db.query<Record<string, unknown>>(
    `select ${ITEM_COLUMNS} from items ${where} order by fetched_at desc, id limit ${limit}`,
    params,
  );
  return rows.map(toItem);
}

/** One page of items for /items: filters, search and sort in SQL, keyset pages (see console-lists.ts). */
export function pageConsoleItems(
  db: Db,
  filter: ItemListFilter,
  request: PageRequest<ItemSort>,
): Promise<Page<ConsoleItem>> {
  return pageItems(db, ITEM_COLUMNS, filter, request, toItem);
}

/** Title, source and language of the given items (to name the item a duplicate points at). */
export async function itemTitles(
  db: Db,
  ids: string[],
): Promise<Map<string, { title: string | null; sourceId: string; language: string | null }>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{
    id: string;
    title: string | null;
    source_id: string;
    language: string | null;
  }>('select id, title, source_id, language from items where id = any($1::text[])', [ids]);
  return new Map(rows.map((r) => [r.id, { title: r.title, sourceId: r.source_id, language: r.language }]));
}

/** Items of the given stories, grouped by story, oldest first. */
export async function itemsOfStories(db: Db, storyIds: string[]): Promise<Map<string, ConsoleItem[]>> {
  const out = new Map<string, ConsoleItem[]>();
  if (storyIds.length === 0) return out;
  const { rows } = await db.query<Record<string, unknown>>(
    `select ${ITEM_COLUMNS} from items where story_id = any($1::text[]) order by fetched_at, id`,
    [storyIds],
  );
  for (const item of rows.map(toItem)) {
    const list = out.get(item.storyId ?? '') ?? [];
    list.push(item);
    out.set(item.storyId ?? '', list);
  }
  return out;
}

export interface ConsoleDelivery {
  id: string;
  storyId: string;
  channelId: string;
  state: string;
  discordMessageId: string | null;
  attempts: number;
  lastError: string | null;
  contentVersion: number;
  postedVersion: number;
  postedAt: string | null;
  updatedAt: string;
}

/** Delivery records (the alert on each channel) of the given stories. */
export async function deliveriesOfStories(
  db: Db,
  storyIds: string[],
): Promise<Map<string, ConsoleDelivery[]>> {
  const out = new Map<string, ConsoleDelivery[]>();
  if (storyIds.length === 0) return out;
  const { rows } = await db.query<Record<string, unknown>>(
    `select id::text as id, story_id, channel_id, state, discord_message_id, attempts, last_error, content_version,
       posted_version, posted_at, updated_at
     from deliveries where story_id = any($1::text[]) order by channel_id`,
    [storyIds],
  );
  for (const r of rows) {
    const record: ConsoleDelivery = {
      id: String(r.id),
      storyId: String(r.story_id),
      channelId: String(r.channel_id),
      state: String(r.state),
      discordMessageId: (r.discord_message_id as string | null) ?? null,
      attempts: Number(r.attempts),
      lastError: (r.last_error as string | null) ?? null,
      contentVersion: Number(r.content_version),
      postedVersion: Number(r.posted_version),
      postedAt: iso(r.posted_at),
      updatedAt: iso(r.updated_at) ?? '',
    };
    const list = out.get(record.storyId) ?? [];
    list.push(record);
    out.set(record.storyId, list);
  }
  return out;
}

/** Story columns for the paged story list (console-lists.ts pageStories). */
export const STORY_COLUMNS = `id, topic_id, title, lang, first_seen_at, last_seen_at, item_count, best_score, decision`;

export function toStoryRecord(r: Record<string, unknown>): StoryRecord {
  return {
    id: String(r.id),
    topicId: (r.topic_id as string | null) ?? null,
    title: (r.title as string | null) ?? null,
    lang: (r.lang as string | null) ?? null,
    firstSeenAt: iso(r.first_seen_at) ?? '',
    lastSeenAt: iso(r.last_seen_at) ?? '',
    itemCount: Number(r.item_count ?? 0),
    bestScore: r.best_score === null || r.best_score === undefined ? null : Number(r.best_score),
    decision: (r.decision as string | null) ?? null,
  };
}
