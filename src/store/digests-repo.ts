/**
 * Digests: one row per (channel, date), the exactly-once record of a daily digest on Discord, with a lease, the
 * frozen pages and the message id of every page posted so far.
 */
import type { DigestClaim, DigestRecord, DigestState, DigestStore } from '../deliver/digest/digest-store.js';
import type { DiscordMessagePayload } from '../deliver/discord/discord-payload.js';
import type { Db } from './db.js';

const COLUMNS = `channel_id as "channelId", to_char(digest_date, 'YYYY-MM-DD') as date, state, late,
  message_ids as "messageIds", pages, nonce, attempts, last_error as "lastError", scheduled_for as "scheduledFor",
  window_start as "windowStart", window_end as "windowEnd", story_count as "storyCount",
  lease_owner as "leaseOwner", sent_at as "sentAt", created_at as "createdAt"`;

type Stamp = Date | string | null;
type Row = Omit<
  DigestRecord,
  'scheduledFor' | 'windowStart' | 'windowEnd' | 'sentAt' | 'createdAt' | 'messageIds' | 'pages'
> & {
  scheduledFor: Stamp;
  windowStart: Stamp;
  windowEnd: Stamp;
  sentAt: Stamp;
  createdAt: Stamp;
  messageIds: string[] | string;
  pages: DiscordMessagePayload[] | string | null;
};

const iso = (v: Stamp): string | null => (v === null ? null : new Date(v).toISOString());
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function toRecord(row: Row): DigestRecord {
  return {
    ...row,
    state: row.state as DigestState,
    messageIds: json(row.messageIds),
    pages: row.pages === null ? null : json(row.pages),
    scheduledFor: iso(row.scheduledFor),
    windowStart: iso(row.windowStart),
    windowEnd: iso(row.windowEnd),
    sentAt: iso(row.sentAt),
    createdAt: iso(row.createdAt) ?? '',
    storyCount: row.storyCount === null ? null : Number(row.storyCount),
  };
}

const lease = `now() + make_interval(secs => $4::double precision / 1000)`;

export function createDigestsRepo(db: Db): DigestStore & DigestAdmin {
  const one = async (sql: string, params: unknown[]): Promise<DigestRecord | null> => {
    const { rows } = await db.query<Row>(sql, params);
    return rows[0] ? toRecord(rows[0]) : null;
  };
  const get = (channelId: string, date: string) =>
    one(`select ${COLUMNS} from digests where channel_id = $1 and digest_date = $2::date`, [channelId, date]);

  return {
    get,

    async claim(channelId, date, owner, leaseMs, options = {}): Promise<DigestClaim> {
      await db.query(
        `insert into digests (channel_id, digest_date) values ($1, $2::date) on conflict do nothing`,
        [channelId, date],
      );
      const states = options.retryFailed ? `('pending', 'sending', 'failed')` : `('pending', 'sending')`;
      // One statement: PostgreSQL re-checks the lease condition on the locked row, so of two concurrent claims
      // exactly one succeeds.
      const record = await one(
        `update digests set lease_owner = $3, lease_until = ${lease}, attempts = attempts + 1, updated_at = now(),
           state = case when state = 'failed' then (case when pages is null then 'pending' else 'sending' end)
                        else state end
         where channel_id = $1 and digest_date = $2::date and state in ${states}
           and (lease_owner is null or lease_until is null or lease_until < now() or lease_owner = $3)
         returning ${COLUMNS}`,
        [channelId, date, owner, leaseMs],
      );
      if (record) return { claimed: true, record };
      const { rows } = await db.query<Row & { ms: number | string | null }>(
        `select ${COLUMNS}, extract(epoch from (lease_until - now())) * 1000 as ms from digests
         where channel_id = $1 and digest_date = $2::date`,
        [channelId, date],
      );
      const row = rows[0];
      if (!row) throw new Error(`digest (${channelId}, ${date}) vanished`);
      const current = toRecord(row);
      const reason =
        current.state === 'sent' || current.state === 'empty'
          ? 'done'
          : current.state === 'failed'
            ? 'failed'
            : 'busy';
      return {
        claimed: false,
        reason,
        record: current,
        busyForMs: Math.max(100, Math.ceil(Number(row.ms ?? 1000))),
      };
    },

    freeze(channelId, date, owner, frozen) {
      return one(
        `update digests set pages = $4::jsonb, late = $5, scheduled_for = $6, window_start = $7, window_end = $8,
           story_count = $9, nonce = $10, state = 'sending', updated_at = now()
         where channel_id = $1 and digest_date = $2::date and lease_owner = $3 and pages is null
           and state in ('pending', 'sending')
         returning ${COLUMNS}`,
        [
          channelId,
          date,
          owner,
          JSON.stringify(frozen.pages),
          frozen.late,
          frozen.scheduledFor.toISOString(),
          frozen.window.start.toISOString(),
          frozen.window.end.toISOString(),
          frozen.storyCount,
          frozen.nonce,
        ],
      );
    },

    async recordPage(channelId, date, owner, index, messageId, leaseMs) {
      const result = await db.query(
        `update digests set message_ids = message_ids || jsonb_build_array($5::text), lease_until = ${lease},
           last_error = null, updated_at = now()
         where channel_id = $1 and digest_date = $2::date and lease_owner = $3
           and jsonb_array_length(message_ids) = $6 and state = 'sending'`,
        [channelId, date, owner, leaseMs, messageId, index],
      );
      return result.rowCount === 1;
    },

    finish(channelId, date, owner) {
      return one(
        `update digests set state = case when jsonb_array_length(pages) = 0 then 'empty' else 'sent' end,
           sent_at = coalesce(sent_at, now()), lease_owner = null, lease_until = null, last_error = null,
           updated_at = now()
         where channel_id = $1 and digest_date = $2::date and lease_owner = $3 and pages is not null
           and jsonb_array_length(message_ids) = jsonb_array_length(pages)
         returning ${COLUMNS}`,
        [channelId, date, owner],
      );
    },

    async release(channelId, date, owner, next) {
      await db.query(
        `update digests set lease_owner = null, lease_until = null, last_error = $4,
           state = case when $5::boolean then 'failed' else state end, updated_at = now()
         where channel_id = $1 and digest_date = $2::date and lease_owner = $3`,
        [channelId, date, owner, next.error.slice(0, 500), next.failed],
      );
    },

    previousFinished(channelId, date) {
      return one(
        `select ${COLUMNS} from digests where channel_id = $1 and digest_date < $2::date
           and state in ('sent', 'empty') and window_end is not null
         order by digest_date desc limit 1`,
        [channelId, date],
      );
    },

    async hasEarlier(channelId, date) {
      const { rows } = await db.query(
        `select 1 from digests where channel_id = $1 and digest_date < $2::date limit 1`,
        [channelId, date],
      );
      return rows.length > 0;
    },

    async listDigests(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.channelId) where.push(`channel_id = $${params.push(filter.channelId)}`);
      const limit = Math.min(Math.max(filter.limit ?? 30, 1), 1000);
      const { rows } = await db.query<Row>(
        `select ${COLUMNS} from digests ${where.length ? `where ${where.join(' and ')}` : ''}
         order by digest_date desc, channel_id limit ${limit}`,
        params,
      );
      return rows.map(toRecord);
    },
  };
}

/** Read access for the CLI and dashboard. */
export interface DigestAdmin {
  listDigests(filter?: { channelId?: string; limit?: number }): Promise<DigestRecord[]>;
}

/** Stories (ids) that were alerted to `channelId`: a delivery record that reached Discord. */
export async function listAlertedStoryIds(
  db: Db,
  channelId: string,
  storyIds: string[],
): Promise<Set<string>> {
  if (storyIds.length === 0) return new Set();
  const { rows } = await db.query<{ story_id: string }>(
    `select story_id from deliveries where channel_id = $1 and story_id = any($2::text[])
       and (state = 'posted' or posted_at is not null)`,
    [channelId, storyIds],
  );
  return new Set(rows.map((r) => r.story_id));
}

/** The reports a digest needs: every item of the stories with a report fetched in (start, end]. */
export async function listDigestCandidateItems(
  db: Db,
  window: { start: Date; end: Date },
): Promise<
  Array<{
    id: string;
    storyId: string | null;
    sourceId: string;
    url: string;
    title: string | null;
    language: string | null;
    dir: string | null;
    fetchedAt: string;
    topicId: string | null;
    score: number | null;
    decision: string | null;
    reasons: unknown;
    canonicalUrl: string | null;
    lead: string | null;
  }>
> {
  const { rows } = await db.query<{
    id: string;
    storyId: string | null;
    sourceId: string;
    url: string;
    title: string | null;
    language: string | null;
    dir: string | null;
    fetchedAt: Date | string;
    topicId: string | null;
    score: number | string | null;
    decision: string | null;
    reasons: unknown;
    canonicalUrl: string | null;
    lead: string | null;
  }>(
    `with candidates as (
       select distinct coalesce(story_id, 'item:' || id) as key from items
       where fetched_at > $1 and fetched_at <= $2 and decision in ('alert', 'digest'))
     select i.id, i.story_id as "storyId", i.source_id as "sourceId", i.url, i.title, i.language, i.dir,
       i.fetched_at as "fetchedAt", i.topic_id as "topicId", i.score, i.decision, i.reasons,
       i.canonical_url as "canonicalUrl", i.lead
     from items i join candidates c on c.key = coalesce(i.story_id, 'item:' || i.id)
     where i.fetched_at <= $2
     order by i.fetched_at, i.id`,
    [window.start.toISOString(), window.end.toISOString()],
  );
  return rows.map((r) => ({
    ...r,
    fetchedAt: new Date(r.fetchedAt).toISOString(),
    score: r.score === null ? null : Number(r.score),
    reasons: typeof r.reasons === 'string' ? JSON.parse(r.reasons) : r.reasons,
  }));
}
