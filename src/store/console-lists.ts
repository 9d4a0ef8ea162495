/**
 * The dashboard's long lists (/items and /stories) a page at a time: every filter, the search and the sort run
 * in SQL before the LIMIT, and pages are cut by keyset (the sort key and the id of the last row shown), so page
 * 500 costs what page 1 costs and a row inserted meanwhile never shifts a page. A cursor is opaque to the
 * operator (base64url JSON `[key, id]`) and is checked before it reaches SQL: a forged cursor is ignored.
 */
import { foldForSearch } from './search-fold.js';
import type { Db } from './db.js';

export type SortDirection = 'desc' | 'asc';

interface SortKey {
  /** SQL expression of the key (trusted); never null so that keyset comparison is total. */
  expr: string;
  /** Postgres type the cursor's key text is cast back to. */
  type: 'timestamptz' | 'real' | 'int';
}

/** Keys /items can sort by. `published` falls back to the time seen for items without a date. */
export const ITEM_SORTS = {
  seen: { expr: 'fetched_at', type: 'timestamptz' },
  published: { expr: 'coalesce(published_at, fetched_at)', type: 'timestamptz' },
  score: { expr: `coalesce(score, '-Infinity'::real)`, type: 'real' },
} satisfies Record<string, SortKey>;
export type ItemSort = keyof typeof ITEM_SORTS;

/** Keys /stories can sort by. */
export const STORY_SORTS = {
  last: { expr: 'last_seen_at', type: 'timestamptz' },
  first: { expr: 'first_seen_at', type: 'timestamptz' },
  score: { expr: `coalesce(best_score, '-Infinity'::real)`, type: 'real' },
  items: { expr: 'item_count', type: 'int' },
} satisfies Record<string, SortKey>;
export type StorySort = keyof typeof STORY_SORTS;

export interface Cursor {
  key: string;
  id: string;
}

const TIMESTAMP_TEXT = /^(-infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?)$/;
const NUMBER_TEXT = /^(-Infinity|-?\d+(\.\d+)?(e[+-]?\d+)?)$/;
const ID_TEXT = /^[A-Za-z0-9_:.-]{1,200}$/;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url');
}

/** The cursor in `text` when it is well formed for `type`; otherwise null (the list starts from the top). */
export function decodeCursor(text: string | undefined, type: SortKey['type']): Cursor | null {
  if (!text || text.length > 600) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [key, id] = value as unknown[];
    if (typeof key !== 'string' || typeof id !== 'string' || !ID_TEXT.test(id)) return null;
    const ok = type === 'timestamptz' ? TIMESTAMP_TEXT.test(key) : NUMBER_TEXT.test(key);
    return ok ? { key, id } : null;
  } catch {
    return null;
  }
}

export interface PageRequest<S extends string> {
  sort: S;
  direction: SortDirection;
  /** Rows after this cursor (the next page). */
  after?: string | undefined;
  /** Rows before this cursor (the previous page). */
  before?: string | undefined;
  limit: number;
}

export interface Page<T> {
  rows: T[];
  /** Cursor of the next page, null on the last one. */
  next: string | null;
  /** Cursor of the previous page, null on the first one. */
  prev: string | null;
}

/**
 * How many rows (in sort order, after the other filters) a search first looks through. When they hold a full
 * page of matches, that page is exact (the rows are taken in order); otherwise matches are rarer than one in
 * SEARCH_WINDOW / page size and the search is run over the whole table, where a trigram index (migration 311)
 * finds the few matches quickly. Without the window a common word (in half the rows) would recheck every match.
 */
export const SEARCH_WINDOW = 2000;

interface Where {
  /** Conditions that indexes serve (source, decision, dates…). */
  base: string[];
  /**
   * Search conditions: `windowed` is checked on the window's rows (correlated, cheap per row), `scan` over the
   * whole table (shaped for a trigram bitmap). Same meaning.
   */
  search?: { windowed: string; scan: string } | undefined;
}

/** Shared keyset machinery: adds the cursor condition, orders, fetches one extra row to know if more exist. */
async function keysetPage<T extends { id: string }>(
  db: Db,
  options: {
    table: string;
    columns: string;
    where: Where;
    params: unknown[];
    key: SortKey;
    request: PageRequest<string>;
    map: (row: Record<string, unknown>) => T;
  },
): Promise<Page<T>> {
  const { key, request, params, table } = options;
  const base = [...options.where.base];
  const after = decodeCursor(request.after, key.type);
  const before = after ? null : decodeCursor(request.before, key.type);
  const cursor = after ?? before;
  const desc = request.direction === 'desc';
  // Going backwards flips the comparison and the order; the rows are reversed again below.
  const forward = !before;
  const sqlDesc = forward ? desc : !desc;
  if (cursor) {
    const k = `$${params.push(cursor.key)}::${key.type}`;
    const i = `$${params.push(cursor.id)}`;
    base.push(`(${key.expr}, ${table}.id) ${sqlDesc ? '<' : '>'} (${k}, ${i})`);
  }
  const limit = Math.min(Math.max(Math.trunc(request.limit) || 50, 1), 500);
  const order = sqlDesc ? 'desc' : 'asc';
  const orderBy = `order by ${key.expr} ${order}, ${table}.id ${order}`;
  const select = (where: string[]) =>
    `select ${options.columns}, (${key.expr})::text as sort_key from ${table}
     ${where.length ? `where ${where.join(' and ')}` : ''} ${orderBy} limit ${limit + 1}`;
  let rows: Array<Record<string, unknown>>;
  const search = options.where.search;
  if (!search) {
    rows = (await db.query<Record<string, unknown>>(select(base), params)).rows;
  } else {
    // The window is a subquery named like the table, so the columns, sort key and search conditions read from it
    // unchanged; it keeps its order, so the search stops as soon as it has a page of matches.
    const windowed = await db.query<Record<string, unknown>>(
      `select ${options.columns}, (${key.expr})::text as sort_key
       from (select ${table}.* from ${table} ${base.length ? `where ${base.join(' and ')}` : ''} ${orderBy}
             limit ${SEARCH_WINDOW}) as ${table}
       where ${search.windowed} ${orderBy} limit ${limit + 1}`,
      params,
    );
    // Fewer than a page of matches: final only if the window held every row the other filters let through.
    // (`or true` keeps the search's parameter referenced, which PostgreSQL requires; the planner drops it.)
    const complete =
      windowed.rows.length > limit ||
      !(await windowFull(db, table, [...base, `(${search.windowed} or true)`], params));
    rows = complete
      ? windowed.rows
      : (await db.query<Record<string, unknown>>(select([...base, search.scan]), params)).rows;
  }
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (!forward) page.reverse();
  const cursorOf = (row: Record<string, unknown> | undefined) =>
    row ? encodeCursor({ key: String(row.sort_key), id: String(row.id) }) : null;
  const first = page[0];
  const last = page[page.length - 1];
  return {
    rows: page.map(options.map),
    next: forward ? (more ? cursorOf(last) : null) : cursorOf(last),
    prev: forward ? (cursor ? cursorOf(first) : null) : more ? cursorOf(first) : null,
  };
}

/** Whether the rows matching `base` fill a whole search window (so an empty window result is not final). */
async function windowFull(db: Db, table: string, base: string[], params: unknown[]): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from ${table} ${base.length ? `where ${base.join(' and ')}` : ''}
     limit ${SEARCH_WINDOW}) t`,
    params,
  );
  return Number(rows[0]?.n ?? 0) >= SEARCH_WINDOW;
}

/** A folded-substring condition on items.search_folded; pushes one parameter. */
function searchCondition(text: string, params: unknown[], column = 'search_folded'): string {
  const escaped = foldForSearch(text).replace(/[\\%_]/g, (c) => `\\${c}`);
  return `${column} like $${params.push(`%${escaped}%`)}`;
}

export interface ItemListFilter {
  sourceId?: string | undefined;
  language?: string | undefined;
  /** `alert`, `digest`, `drop`, or `duplicate` (items joined to an earlier copy). */
  decision?: string | undefined;
  storyId?: string | undefined;
  /** Seen (fetched) at or after. */
  from?: Date | undefined;
  /** Seen before. */
  to?: Date | undefined;
  /** Substring of the title or text, folded as search-fold.ts folds (Arabic letter forms, case). */
  text?: string | undefined;
}

/** `where` fragments for an item filter, the search apart; pushes their parameters. */
export function itemListWhere(filter: ItemListFilter, params: unknown[], table = 'items'): Where {
  const base: string[] = [];
  if (filter.sourceId) base.push(`${table}.source_id = $${params.push(filter.sourceId)}`);
  if (filter.language) base.push(`${table}.language = $${params.push(filter.language)}`);
  if (filter.decision === 'duplicate') base.push(`${table}.duplicate_of is not null`);
  else if (filter.decision) base.push(`${table}.decision = $${params.push(filter.decision)}`);
  if (filter.storyId) base.push(`${table}.story_id = $${params.push(filter.storyId)}`);
  if (filter.from) base.push(`${table}.fetched_at >= $${params.push(filter.from.toISOString())}`);
  if (filter.to) base.push(`${table}.fetched_at < $${params.push(filter.to.toISOString())}`);
  if (!filter.text) return { base };
  const condition = searchCondition(filter.text, params, `${table}.search_folded`);
  return { base, search: { windowed: condition, scan: condition } };
}

/** One page of items (the columns `map` reads), filtered and sorted in SQL. */
export function pageItems<T extends { id: string }>(
  db: Db,
  columns: string,
  filter: ItemListFilter,
  request: PageRequest<ItemSort>,
  map: (row: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const params: unknown[] = [];
  return keysetPage(db, {
    table: 'items',
    columns,
    where: itemListWhere(filter, params),
    params,
    key: ITEM_SORTS[request.sort],
    request,
    map,
  });
}

export interface StoryListFilter {
  decision?: string | undefined;
  /** Stories with at least one item from this source. */
  sourceId?: string | undefined;
  /** Stories with at least one item in this language. */
  language?: string | undefined;
  topicId?: string | undefined;
  /** Last seen at or after. */
  from?: Date | undefined;
  /** Last seen before. */
  to?: Date | undefined;
  /** Substring of the story's title or any of its items' titles or texts (folded). */
  text?: string | undefined;
}

export function storyListWhere(filter: StoryListFilter, params: unknown[]): Where {
  const base: string[] = [];
  if (filter.decision) base.push(`stories.decision = $${params.push(filter.decision)}`);
  if (filter.topicId) base.push(`stories.topic_id = $${params.push(filter.topicId)}`);
  if (filter.from) base.push(`stories.last_seen_at >= $${params.push(filter.from.toISOString())}`);
  if (filter.to) base.push(`stories.last_seen_at < $${params.push(filter.to.toISOString())}`);
  const items = itemListWhere(
    { sourceId: filter.sourceId, language: filter.language, text: filter.text },
    params,
    'i',
  );
  const itemBase = items.base;
  if (!items.search) {
    if (itemBase.length > 0)
      base.push(`exists (select 1 from items i where i.story_id = stories.id and ${itemBase.join(' and ')})`);
    return { base };
  }
  const all = [...itemBase, items.search.scan].join(' and ');
  return {
    base,
    search: {
      // A scalar subquery, not EXISTS: PostgreSQL would turn EXISTS into a join that compares the text of every
      // matching item in the table; this compares only the window's stories' items.
      windowed: `coalesce((select true from items i where i.story_id = stories.id and ${all} limit 1), false)`,
      scan: `stories.id in (select i.story_id from items i where i.story_id is not null and ${all})`,
    },
  };
}

/** One page of stories, filtered and sorted in SQL. */
export function pageStories<T extends { id: string }>(
  db: Db,
  columns: string,
  filter: StoryListFilter,
  request: PageRequest<StorySort>,
  map: (row: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const params: unknown[] = [];
  return keysetPage(db, {
    table: 'stories',
    columns,
    where: storyListWhere(filter, params),
    params,
    key: STORY_SORTS[request.sort],
    request,
    map,
  });
}

/**
 * How many items match, counted up to `cap` (so a count never costs more than reading `cap` matches). A search
 * counts up to 1,000 at most: each counted match is a text comparison.
 */
export async function countItems(
  db: Db,
  filter: ItemListFilter,
  cap = 10_000,
): Promise<{ n: number; cap: number }> {
  const params: unknown[] = [];
  const where = itemListWhere(filter, params);
  const all = [...where.base, ...(where.search ? [where.search.scan] : [])];
  const limit = where.search ? Math.min(cap, 1000) : cap;
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from items ${all.length ? `where ${all.join(' and ')}` : ''}
     limit ${Math.trunc(limit) + 1}) t`,
    params,
  );
  return { n: Number(rows[0]?.n ?? 0), cap: limit };
}

/** How many stories match, up to `cap`; null for a search (counting would compare the text of every match). */
export async function countStories(
  db: Db,
  filter: StoryListFilter,
  cap = 10_000,
): Promise<{ n: number; cap: number } | null> {
  const params: unknown[] = [];
  const where = storyListWhere(filter, params);
  if (where.search) return null;
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from stories ${where.base.length ? `where ${where.base.join(' and ')}` : ''}
     limit ${Math.trunc(cap) + 1}) t`,
    params,
  );
  return { n: Number(rows[0]?.n ?? 0), cap };
}
