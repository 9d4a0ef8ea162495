/**
 * Relevance labels given by people: operators on the dashboard and subscribers through the alert's Discord buttons.
 * One label per (item, user); a second click by the same user replaces the first.
 */
import type { Db } from './db.js';

export type FeedbackLabel = 'relevant' | 'not_relevant';
export type FeedbackSource = 'operator' | 'discord';

export interface FeedbackInput {
  itemId: string;
  label: FeedbackLabel;
  source: FeedbackSource;
  userId: string;
}

export interface FeedbackRecord extends FeedbackInput {
  createdAt: string;
  updatedAt: string;
}

/** An item with the labels people gave it (for evaluation): the item's text and every label. */
export interface LabelledFeedbackItem {
  itemId: string;
  title: string | null;
  text: string | null;
  language: string | null;
  publishedAt: string | null;
  url: string;
  score: number | null;
  decision: string | null;
  relevant: number;
  notRelevant: number;
  sources: FeedbackSource[];
}

/** Store (or replace) one user's label for one item. Returns false when the item does not exist. */
export async function saveFeedback(db: Db, input: FeedbackInput): Promise<boolean> {
  const result = await db.query(
    `insert into feedback (item_id, label, source, user_id)
     select id, $2, $3, $4 from items where id = $1
     on conflict (item_id, user_id) do update set label = excluded.label, source = excluded.source, updated_at = now()`,
    [input.itemId, input.label, input.source, input.userId],
  );
  return result.rowCount === 1;
}

type Row = {
  itemId: string;
  label: FeedbackLabel;
  source: FeedbackSource;
  userId: string;
  createdAt: Date | string;
  updatedAt: Date | string;
};

/** Labels of one item, oldest first. */
export async function listItemFeedback(db: Db, itemId: string): Promise<FeedbackRecord[]> {
  const { rows } = await db.query<Row>(
    `select item_id as "itemId", label, source, user_id as "userId", created_at as "createdAt",
       updated_at as "updatedAt"
     from feedback where item_id = $1 order by created_at, id`,
    [itemId],
  );
  return rows.map((r) => ({
    ...r,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  }));
}

/** Every labelled item with its label counts, newest label first. */
export async function listLabelledItems(db: Db, limit = 10_000): Promise<LabelledFeedbackItem[]> {
  const { rows } = await db.query<{
    itemId: string;
    title: string | null;
    text: string | null;
    language: string | null;
    publishedAt: Date | string | null;
    url: string;
    score: number | string | null;
    decision: string | null;
    relevant: number | string;
    notRelevant: number | string;
    sources: FeedbackSource[] | string;
  }>(
    `select i.id as "itemId", i.title, i.text, i.language, i.published_at as "publishedAt", i.url, i.score,
       i.decision,
       count(*) filter (where f.label = 'relevant') as relevant,
       count(*) filter (where f.label = 'not_relevant') as "notRelevant",
       array_agg(distinct f.source) as sources
     from feedback f join items i on i.id = f.item_id
     group by i.id order by max(f.updated_at) desc limit ${Math.max(1, Math.floor(limit))}`,
  );
  return rows.map((r) => ({
    ...r,
    publishedAt: r.publishedAt === null ? null : new Date(r.publishedAt).toISOString(),
    score: r.score === null ? null : Number(r.score),
    relevant: Number(r.relevant),
    notRelevant: Number(r.notRelevant),
    sources: Array.isArray(r.sources) ? r.sources : parsePgArray(r.sources),
  }));
}

function parsePgArray(value: string): FeedbackSource[] {
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter((s): s is FeedbackSource => s === 'operator' || s === 'discord');
}
