/** Stories: one specific event, joining items across outlets and languages. */
import type { Db } from './db.js';

export interface StoryRecord {
  id: string;
  topicId: string | null;
  title: string | null;
  lang: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  itemCount: number;
  bestScore: number | null;
  decision: string | null;
}

const COLUMNS = `id, topic_id as "topicId", title, lang, first_seen_at as "firstSeenAt", last_seen_at as "lastSeenAt",
  item_count as "itemCount", best_score as "bestScore", decision`;

type StoryRow = Omit<StoryRecord, 'firstSeenAt' | 'lastSeenAt'> & {
  firstSeenAt: Date | string;
  lastSeenAt: Date | string;
};

function toRecord(row: StoryRow): StoryRecord {
  return {
    ...row,
    firstSeenAt: new Date(row.firstSeenAt).toISOString(),
    lastSeenAt: new Date(row.lastSeenAt).toISOString(),
    bestScore: row.bestScore === null ? null : Number(row.bestScore),
  };
}

const RANK: Record<string, number> = { drop: 0, digest: 1, alert: 2 };

/**
 * Create the story if it does not exist, or add one item to it: counts, last-seen time, best score and the
 * strongest decision so far. Returns the story after the change.
 */
export async function upsertStoryWithItem(
  db: Db,
  story: {
    id: string;
    topicId: string | null;
    title: string | null;
    lang: string | null;
    score: number | null;
    decision: string | null;
  },
): Promise<{ story: StoryRecord; created: boolean }> {
  const inserted = await db.query<StoryRow>(
    `insert into stories (id, topic_id, title, lang, best_score, decision) values ($1,$2,$3,$4,$5,$6)
     on conflict (id) do nothing returning ${COLUMNS}`,
    [story.id, story.topicId, story.title, story.lang, story.score, story.decision],
  );
  if (inserted.rows[0]) return { story: toRecord(inserted.rows[0]), created: true };
  const current = await getStory(db, story.id);
  const keepDecision =
    current && (RANK[current.decision ?? 'drop'] ?? 0) >= (RANK[story.decision ?? 'drop'] ?? 0)
      ? current.decision
      : story.decision;
  const { rows } = await db.query<StoryRow>(
    `update stories set item_count = item_count + 1, last_seen_at = now(),
       best_score = greatest(coalesce(best_score, 0), coalesce($2::real, 0)), decision = $3
     where id = $1 returning ${COLUMNS}`,
    [story.id, story.score, keepDecision],
  );
  const row = rows[0];
  if (!row) throw new Error(`story ${story.id} vanished`);
  return { story: toRecord(row), created: false };
}

export async function getStory(db: Db, id: string): Promise<StoryRecord | null> {
  const { rows } = await db.query<StoryRow>(`select ${COLUMNS} from stories where id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/**
 * Stories seen since `since`, most recent first. `decision` is applied in SQL before the LIMIT, so
 * "the last 5 alert stories" is 5 alert stories, not the alerts among the last 5 stories.
 */
export async function listStories(
  db: Db,
  options: { since?: Date; limit?: number; decision?: string } = {},
): Promise<StoryRecord[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 5000);
  const { rows } = await db.query<StoryRow>(
    `select ${COLUMNS} from stories where last_seen_at >= $1 and ($2::text is null or decision = $2)
     order by last_seen_at desc limit ${limit}`,
    [(options.since ?? new Date(0)).toISOString(), options.decision ?? null],
  );
  return rows.map(toRecord);
}
