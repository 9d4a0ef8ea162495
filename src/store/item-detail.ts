/**
 * Everything the database keeps about one item, for the dashboard's item page: the stored item, its earlier
 * revisions, the item it duplicates and the items that duplicate it, its story with the story's members, the
 * deliveries of that story on each channel, and feedback labels.
 */
import type { DropReasonKind, Reason } from '../shared/types.js';
import type { Db } from './db.js';
import { listItemFeedback, type FeedbackRecord } from './feedback-repo.js';
import { getStory, type StoryRecord } from './stories-repo.js';

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export interface StoredItem {
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
  createdAt: string | null;
  updatedAt: string | null;
  contentHash: string | null;
  topicId: string | null;
  score: number | null;
  decision: string | null;
  reasons: Reason[];
  dropReason: string | null;
  dropKind: DropReasonKind | null;
  storyId: string | null;
  duplicateOf: string | null;
  revision: number;
  fetchError: string | null;
}

export interface ItemLink {
  id: string;
  sourceId: string;
  title: string | null;
  language: string | null;
  dir: string | null;
  url: string;
  fetchedAt: string;
  publishedAt: string | null;
  score: number | null;
  decision: string | null;
  duplicateOf: string | null;
}

export interface ItemRevision {
  revision: number;
  title: string | null;
  contentHash: string | null;
  seenAt: string;
  textLength: number;
}

export interface ItemDelivery {
  channelId: string;
  itemId: string | null;
  state: string;
  discordMessageId: string | null;
  messageChannelId: string | null;
  threadId: string | null;
  threadPostedCount: number;
  attempts: number;
  lastError: string | null;
  contentVersion: number;
  postedVersion: number;
  createdAt: string | null;
  postedAt: string | null;
  updatedAt: string | null;
}

export interface ItemDetail {
  item: StoredItem;
  revisions: ItemRevision[];
  duplicateOf: ItemLink | null;
  duplicates: ItemLink[];
  story: StoryRecord | null;
  members: ItemLink[];
  deliveries: ItemDelivery[];
  feedback: FeedbackRecord[];
}

const LINK_COLUMNS = `id, source_id, title, language, dir, url, fetched_at, published_at, score, decision, duplicate_of`;

function toLink(r: Record<string, unknown>): ItemLink {
  return {
    id: String(r.id),
    sourceId: String(r.source_id),
    title: str(r.title),
    language: str(r.language),
    dir: str(r.dir),
    url: String(r.url),
    fetchedAt: iso(r.fetched_at) ?? '',
    publishedAt: iso(r.published_at),
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    decision: str(r.decision),
    duplicateOf: str(r.duplicate_of),
  };
}

function toStored(r: Record<string, unknown>): StoredItem {
  return {
    id: String(r.id),
    sourceId: String(r.source_id),
    url: String(r.url),
    canonicalUrl: String(r.canonical_url),
    guid: str(r.guid),
    title: str(r.title),
    text: str(r.text),
    lead: str(r.lead),
    author: str(r.author),
    imageUrl: str(r.image_url),
    language: str(r.language),
    dir: str(r.dir),
    publishedAt: iso(r.published_at),
    modifiedAt: iso(r.modified_at),
    fetchedAt: iso(r.fetched_at) ?? '',
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    contentHash: str(r.content_hash),
    topicId: str(r.topic_id),
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    decision: str(r.decision),
    reasons: (typeof r.reasons === 'string' ? JSON.parse(r.reasons) : (r.reasons ?? [])) as Reason[],
    dropReason: str(r.drop_reason),
    dropKind: (r.drop_kind as DropReasonKind | null) ?? null,
    storyId: str(r.story_id),
    duplicateOf: str(r.duplicate_of),
    revision: Number(r.revision ?? 1),
    fetchError: str(r.fetch_error),
  };
}

/** At most this many story members and duplicates are read (a story of thousands stays one page). */
const MEMBER_LIMIT = 200;

/** The item and everything linked to it; null when no item has this id. */
export async function getItemDetail(db: Db, id: string): Promise<ItemDetail | null> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select id, source_id, url, canonical_url, guid, title, text, lead, author, image_url, language, dir,
       published_at, modified_at, fetched_at, created_at, updated_at, content_hash, topic_id, score, decision,
       reasons, drop_reason, drop_kind, story_id, duplicate_of, revision, fetch_error
     from items where id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const item = toStored(row);
  const [revisions, original, duplicates, story, members, deliveries, feedback] = await Promise.all([
    db.query<Record<string, unknown>>(
      `select revision, title, content_hash, seen_at, length(coalesce(text, ''))::int as text_length
       from item_revisions where item_id = $1 order by revision`,
      [id],
    ),
    item.duplicateOf
      ? db.query<Record<string, unknown>>(`select ${LINK_COLUMNS} from items where id = $1`, [
          item.duplicateOf,
        ])
      : Promise.resolve({ rows: [] as Array<Record<string, unknown>> }),
    db.query<Record<string, unknown>>(
      `select ${LINK_COLUMNS} from items where duplicate_of = $1 order by fetched_at, id limit ${MEMBER_LIMIT}`,
      [id],
    ),
    item.storyId ? getStory(db, item.storyId) : Promise.resolve(null),
    item.storyId
      ? db.query<Record<string, unknown>>(
          `select ${LINK_COLUMNS} from items where story_id = $1 order by fetched_at, id limit ${MEMBER_LIMIT}`,
          [item.storyId],
        )
      : Promise.resolve({ rows: [] as Array<Record<string, unknown>> }),
    item.storyId
      ? db.query<Record<string, unknown>>(
          `select channel_id, item_id, state, discord_message_id, message_channel_id, thread_id, thread_posted_count,
             attempts, last_error, content_version, posted_version, created_at, posted_at, updated_at
           from deliveries where story_id = $1 order by channel_id`,
          [item.storyId],
        )
      : Promise.resolve({ rows: [] as Array<Record<string, unknown>> }),
    listItemFeedback(db, id),
  ]);
  return {
    item,
    revisions: revisions.rows.map((r) => ({
      revision: Number(r.revision),
      title: str(r.title),
      contentHash: str(r.content_hash),
      seenAt: iso(r.seen_at) ?? '',
      textLength: Number(r.text_length ?? 0),
    })),
    duplicateOf: original.rows[0] ? toLink(original.rows[0]) : null,
    duplicates: duplicates.rows.map(toLink),
    story,
    members: members.rows.map(toLink),
    deliveries: deliveries.rows.map((r) => ({
      channelId: String(r.channel_id),
      itemId: str(r.item_id),
      state: String(r.state),
      discordMessageId: str(r.discord_message_id),
      messageChannelId: str(r.message_channel_id),
      threadId: str(r.thread_id),
      threadPostedCount: Number(r.thread_posted_count ?? 0),
      attempts: Number(r.attempts ?? 0),
      lastError: str(r.last_error),
      contentVersion: Number(r.content_version ?? 0),
      postedVersion: Number(r.posted_version ?? 0),
      createdAt: iso(r.created_at),
      postedAt: iso(r.posted_at),
      updatedAt: iso(r.updated_at),
    })),
    feedback,
  };
}
