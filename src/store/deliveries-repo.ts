/**
 * Deliveries: one row per (story, channel), the exactly-once record of an alert on Discord, plus channel pauses.
 */
import { randomBytes } from 'node:crypto';
import type {
  ChannelPause,
  ClaimResult,
  DeliveryRecord,
  DeliveryState,
  DeliveryStore,
} from '../deliver/delivery-store.js';
import type { Db } from './db.js';

const COLUMNS = `id::text as id, story_id as "storyId", channel_id as "channelId", state,
  discord_message_id as "discordMessageId", message_channel_id as "messageChannelId", thread_id as "threadId",
  thread_posted_count as "threadPostedCount", nonce, attempts, last_error as "lastError",
  content_version as "contentVersion", posted_version as "postedVersion", created_at as "createdAt",
  updated_at as "updatedAt", posted_at as "postedAt"`;

type Row = Omit<DeliveryRecord, 'createdAt' | 'updatedAt' | 'postedAt'> & {
  createdAt: Date | string;
  updatedAt: Date | string;
  postedAt: Date | string | null;
};

function toRecord(row: Row): DeliveryRecord {
  return {
    ...row,
    state: row.state as DeliveryState,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    postedAt: row.postedAt === null ? null : new Date(row.postedAt).toISOString(),
  };
}

/** 16 url-safe characters: within Discord's 25-character nonce limit, with room for a follow-up suffix. */
function newNonce(): string {
  return randomBytes(12).toString('base64url');
}

/** The PostgreSQL/PGlite implementation of the delivery store. */
export function createDeliveriesRepo(db: Db): DeliveryStore & DeliveryAdmin {
  const one = async (sql: string, params: unknown[]): Promise<DeliveryRecord | null> => {
    const { rows } = await db.query<Row>(sql, params);
    return rows[0] ? toRecord(rows[0]) : null;
  };
  return {
    async ensure(storyId, channelId) {
      // One round trip: insert when absent, otherwise read the existing row.
      const record = await one(
        `with inserted as (
           insert into deliveries (story_id, channel_id, nonce) values ($1, $2, $3)
           on conflict (story_id, channel_id) do nothing returning *)
         select ${COLUMNS} from inserted
         union all
         select ${COLUMNS} from deliveries where story_id = $1 and channel_id = $2 and not exists (select 1 from inserted)`,
        [storyId, channelId, newNonce()],
      );
      if (!record) throw new Error(`delivery (${storyId}, ${channelId}) could not be created`);
      return record;
    },

    async claim(id, owner, leaseMs): Promise<ClaimResult> {
      const record = await one(
        `update deliveries set state = 'posting', lease_owner = $2,
           lease_until = now() + make_interval(secs => $3::double precision / 1000),
           attempts = attempts + 1, updated_at = now()
         where id = $1 and (state <> 'posting' or lease_until is null or lease_until < now() or lease_owner = $2)
         returning ${COLUMNS}`,
        [id, owner, leaseMs],
      );
      if (record) return { claimed: true, record };
      const { rows } = await db.query<{ ms: number | string | null }>(
        `select extract(epoch from (lease_until - now())) * 1000 as ms from deliveries where id = $1`,
        [id],
      );
      return { claimed: false, busyForMs: Math.max(100, Math.ceil(Number(rows[0]?.ms ?? 1000))) };
    },

    async recordPosted(id, message, version) {
      // coalesce: a message id, once known, is never replaced, so a late duplicate ack cannot orphan the first.
      await db.query(
        `update deliveries set state = 'posted', lease_owner = null, lease_until = null, last_error = null,
           discord_message_id = coalesce(discord_message_id, $2), message_channel_id = coalesce(message_channel_id, $3),
           posted_version = greatest(posted_version, $4), posted_at = coalesce(posted_at, now()), updated_at = now()
         where id = $1`,
        [id, message?.messageId ?? null, message?.messageChannelId ?? null, version],
      );
    },

    async recordThread(id, threadId, postedCount) {
      await db.query(
        `update deliveries set thread_id = $2, thread_posted_count = greatest(thread_posted_count, $3),
           updated_at = now() where id = $1`,
        [id, threadId, postedCount],
      );
    },

    async release(id, owner, next) {
      await db.query(
        `update deliveries set state = $3, last_error = coalesce($4, last_error), lease_owner = null,
           lease_until = null, attempts = greatest(0, attempts - $5), updated_at = now()
         where id = $1 and lease_owner = $2`,
        [id, owner, next.state, next.error, next.refundAttempt ? 1 : 0],
      );
    },

    async getChannelPause(channelId) {
      const { rows } = await db.query<{ channelId: string; reason: string; pausedAt: Date | string }>(
        `select channel_id as "channelId", reason, paused_at as "pausedAt" from delivery_channel_pauses
         where channel_id = $1`,
        [channelId],
      );
      const row = rows[0];
      return row ? { ...row, pausedAt: new Date(row.pausedAt).toISOString() } : null;
    },

    async pauseChannel(channelId, reason) {
      await db.query(
        `insert into delivery_channel_pauses (channel_id, reason) values ($1, $2)
         on conflict (channel_id) do update set reason = excluded.reason`,
        [channelId, reason],
      );
    },

    async listDeliveries(filter = {}) {
      const { rows } = await db.query<Row>(
        `select ${COLUMNS} from deliveries
         where ($1::text[] is null or state = any($1)) and ($2::text is null or channel_id = $2)
         order by updated_at desc limit $3`,
        [filter.states ?? null, filter.channelId ?? null, filter.limit ?? 100],
      );
      return rows.map(toRecord);
    },

    async countByState() {
      const { rows } = await db.query<{ channelId: string; state: string; count: string | number }>(
        `select channel_id as "channelId", state, count(*) as count from deliveries group by 1, 2 order by 1, 2`,
      );
      return rows.map((r) => ({
        channelId: r.channelId,
        state: r.state as DeliveryState,
        count: Number(r.count),
      }));
    },

    async listChannelPauses() {
      const { rows } = await db.query<{ channelId: string; reason: string; pausedAt: Date | string }>(
        `select channel_id as "channelId", reason, paused_at as "pausedAt" from delivery_channel_pauses order by 1`,
      );
      return rows.map((row) => ({ ...row, pausedAt: new Date(row.pausedAt).toISOString() }));
    },

    async resetForRetry(filter) {
      const { rows } = await db.query<Row>(
        `update deliveries set state = 'pending', attempts = 0, updated_at = now()
         where state in ('failed', 'paused') and ($1::bigint[] is null or id = any($1))
           and ($2::text is null or channel_id = $2)
         returning ${COLUMNS}`,
        [filter.ids ?? null, filter.channelId ?? null],
      );
      const records = rows.map(toRecord);
      if (!filter.ids && !filter.channelId) {
        await db.query('delete from delivery_channel_pauses');
      } else {
        const channels = new Set(records.map((r) => r.channelId));
        if (filter.channelId) channels.add(filter.channelId);
        await db.query('delete from delivery_channel_pauses where channel_id = any($1)', [[...channels]]);
      }
      return records;
    },

    async markStoryChanged(storyId) {
      const { rows } = await db.query<Row>(
        `update deliveries set content_version = content_version + 1, updated_at = now()
         where story_id = $1 returning ${COLUMNS}`,
        [storyId],
      );
      return rows.map(toRecord);
    },
  };
}

/** Operator and pipeline operations beyond the delivery job itself. */
export interface DeliveryAdmin {
  /** Newest first. @defaultValue limit 100 */
  listDeliveries(filter?: {
    states?: DeliveryState[];
    channelId?: string;
    limit?: number;
  }): Promise<DeliveryRecord[]>;
  countByState(): Promise<Array<{ channelId: string; state: DeliveryState; count: number }>>;
  listChannelPauses(): Promise<ChannelPause[]>;
  /**
   * Put `failed` and `paused` records back to `pending` (attempts reset) and lift the pauses of their channels
   * (and of `channelId`; all of them when neither ids nor channel is given). Returns the records to enqueue again.
   */
  resetForRetry(filter: { ids?: string[]; channelId?: string }): Promise<DeliveryRecord[]>;
  /**
   * The story gained a report or its article was revised: bump the content version of every posted alert of it.
   * Returns the records to enqueue (one job per record, id from `deliveryJobId(story, channel, contentVersion)`).
   */
  markStoryChanged(storyId: string): Promise<DeliveryRecord[]>;
}
