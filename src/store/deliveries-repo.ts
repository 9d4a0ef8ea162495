/**
 * Deliveries: one row per (story, channel), the exactly-once record of an alert on Discord, plus channel pauses.
 */
import { randomBytes } from 'node:crypto';
import type {
  ChannelCircuit,
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
  updated_at as "updatedAt", posted_at as "postedAt", posted_hash as "postedHash",
  uncertain_since as "uncertainSince"`;

type Row = Omit<DeliveryRecord, 'createdAt' | 'updatedAt' | 'postedAt' | 'uncertainSince'> & {
  createdAt: Date | string;
  updatedAt: Date | string;
  postedAt: Date | string | null;
  uncertainSince: Date | string | null;
};

function toRecord(row: Row): DeliveryRecord {
  return {
    ...row,
    state: row.state as DeliveryState,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    postedAt: row.postedAt === null ? null : new Date(row.postedAt).toISOString(),
    uncertainSince: row.uncertainSince === null ? null : new Date(row.uncertainSince).toISOString(),
  };
}

type CircuitRow = {
  channelId: string;
  failures: number;
  openedAt: Date | string | null;
  nextProbeAt: Date | string | null;
  probes: number;
  closedAt: Date | string | null;
};
const CIRCUIT_COLUMNS = `channel_id as "channelId", failures, opened_at as "openedAt",
  next_probe_at as "nextProbeAt", probes, closed_at as "closedAt"`;
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
function toCircuit(row: CircuitRow): ChannelCircuit {
  return {
    ...row,
    openedAt: iso(row.openedAt),
    nextProbeAt: iso(row.nextProbeAt),
    closedAt: iso(row.closedAt),
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

    async renew(id, owner, leaseMs) {
      const { rows } = await db.query(
        `update deliveries set lease_until = now() + make_interval(secs => $3::double precision / 1000)
         where id = $1 and lease_owner = $2 and state = 'posting' returning id`,
        [id, owner, leaseMs],
      );
      return rows.length > 0;
    },

    async recordPosted(id, message, version, hash = null) {
      // coalesce: a message id, once known, is never replaced, so a late duplicate ack cannot orphan the first.
      await db.query(
        `update deliveries set state = 'posted', lease_owner = null, lease_until = null, last_error = null,
           discord_message_id = coalesce(discord_message_id, $2), message_channel_id = coalesce(message_channel_id, $3),
           posted_version = greatest(posted_version, $4), posted_at = coalesce(posted_at, now()), updated_at = now(),
           posted_hash = coalesce($5, posted_hash), uncertain_since = null
         where id = $1`,
        [id, message?.messageId ?? null, message?.messageChannelId ?? null, version, hash],
      );
    },

    async markUncertain(id) {
      await db.query(
        `update deliveries set uncertain_since = coalesce(uncertain_since, now()) where id = $1`,
        [id],
      );
    },

    async getCircuit(channelId) {
      const { rows } = await db.query<CircuitRow>(
        `select ${CIRCUIT_COLUMNS} from delivery_circuits where channel_id = $1`,
        [channelId],
      );
      return rows[0] ? toCircuit(rows[0]) : null;
    },

    async recordOutageFailure(channelId, reason, threshold, nextProbeInMs) {
      const { rows } = await db.query<CircuitRow>(
        `insert into delivery_circuits (channel_id, failures, last_error) values ($1, 1, $2)
         on conflict (channel_id) do update set failures = delivery_circuits.failures + 1,
           last_error = excluded.last_error, updated_at = now()
         returning ${CIRCUIT_COLUMNS}`,
        [channelId, reason.slice(0, 500)],
      );
      const row = rows[0] as CircuitRow;
      if (row.failures < threshold) return toCircuit(row);
      // Open (or keep open) the circuit; each failed probe pushes the next one further out.
      const { rows: opened } = await db.query<CircuitRow>(
        `update delivery_circuits set opened_at = coalesce(opened_at, now()),
           probes = case when opened_at is null then 0 else probes + 1 end,
           next_probe_at = now() + make_interval(secs => $2::double precision / 1000), updated_at = now()
         where channel_id = $1 returning ${CIRCUIT_COLUMNS}`,
        [channelId, nextProbeInMs(row.openedAt === null ? 0 : row.probes + 1)],
      );
      return toCircuit(opened[0] as CircuitRow);
    },

    async takeProbe(channelId, holdMs) {
      const { rows } = await db.query(
        `update delivery_circuits set next_probe_at = now() + make_interval(secs => $2::double precision / 1000)
         where channel_id = $1 and opened_at is not null and next_probe_at <= now() returning channel_id`,
        [channelId, holdMs],
      );
      return rows.length > 0;
    },

    async closeCircuit(channelId) {
      await db.query(
        `update delivery_circuits set failures = 0, opened_at = null, next_probe_at = null, probes = 0,
           closed_at = case when opened_at is null then closed_at else now() end, updated_at = now()
         where channel_id = $1 and (failures > 0 or opened_at is not null)`,
        [channelId],
      );
    },

    async backlogRank(channelId, createdAt) {
      const { rows } = await db.query<{ n: string | number }>(
        `select count(*) as n from deliveries where channel_id = $1 and state in ('pending', 'posting')
           and discord_message_id is null and created_at < $2`,
        [channelId, createdAt],
      );
      return Number(rows[0]?.n ?? 0);
    },

    async nextInBacklog(channelId, before) {
      const { rows } = await db.query<{ story_id: string; content_version: number }>(
        `select story_id, content_version from deliveries where channel_id = $1 and state = 'pending'
           and discord_message_id is null and created_at < $2 order by created_at, id limit 1`,
        [channelId, before],
      );
      const row = rows[0];
      return row ? { storyId: row.story_id, contentVersion: Number(row.content_version) } : null;
    },

    async backlogPostedAt(channelId, closedAt) {
      const { rows } = await db.query<{ t: Date | string | null }>(
        `select max(posted_at) as t from deliveries where channel_id = $1 and created_at < $2 and posted_at >= $2`,
        [channelId, closedAt],
      );
      const t = rows[0]?.t;
      return t ? new Date(t).toISOString() : null;
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
           lease_until = null, attempts = greatest(0, attempts - $5), updated_at = now(),
           uncertain_since = case when $6 then null else uncertain_since end
         where id = $1 and lease_owner = $2`,
        [id, owner, next.state, next.error, next.refundAttempt ? 1 : 0, next.clearUncertain === true],
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

    async listStale(graceMs, limit = 5000) {
      const { rows } = await db.query<Row>(
        `select ${COLUMNS} from deliveries
         where updated_at < now() - make_interval(secs => $1::double precision / 1000)
           and (state = 'pending' or (state = 'posting' and (lease_until is null or lease_until < now()))
                or (state = 'posted' and posted_version < content_version))
         order by created_at, id limit $2`,
        [graceMs, limit],
      );
      return rows.map(toRecord);
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
  /**
   * Records with work left (pending, an expired claim, or an edit due) untouched for `graceMs`: the reconciler
   * re-adds their jobs when Redis no longer holds them. Oldest first.
   */
  listStale(graceMs: number, limit?: number): Promise<DeliveryRecord[]>;
}
