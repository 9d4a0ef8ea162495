/**
 * Silent-source episodes: one open row per (source, kind) from the first check that flags it until the first
 * check that does not. Stored so a restart or a second replica never warns or notifies twice for one episode.
 */
import type { Db } from './db.js';

export interface SilentEpisode {
  id: string;
  sourceId: string;
  kind: string;
  reason: string;
  startedAt: string;
  lastSeenAt: string;
  notifiedAt: string | null;
}

type Row = Omit<SilentEpisode, 'id' | 'startedAt' | 'lastSeenAt' | 'notifiedAt'> & {
  id: string | number;
  startedAt: Date | string;
  lastSeenAt: Date | string;
  notifiedAt: Date | string | null;
};

const COLUMNS = `id, source_id as "sourceId", kind, reason, started_at as "startedAt", last_seen_at as "lastSeenAt",
  notified_at as "notifiedAt"`;

const toRecord = (r: Row): SilentEpisode => ({
  ...r,
  id: String(r.id),
  startedAt: new Date(r.startedAt).toISOString(),
  lastSeenAt: new Date(r.lastSeenAt).toISOString(),
  notifiedAt: r.notifiedAt === null ? null : new Date(r.notifiedAt).toISOString(),
});

/** Open episodes, oldest first. */
export async function listOpenEpisodes(db: Db): Promise<SilentEpisode[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from silent_source_episodes where resolved_at is null order by started_at, id`,
  );
  return rows.map(toRecord);
}

/**
 * Open an episode unless one is open for (source, kind): returns the new episode, or null when it was already
 * open (then only `last_seen_at` and the reason are refreshed). Atomic across replicas (partial unique index).
 */
export async function openEpisode(
  db: Db,
  episode: { sourceId: string; kind: string; reason: string; at: Date },
): Promise<SilentEpisode | null> {
  const { rows } = await db.query<Row>(
    `insert into silent_source_episodes (source_id, kind, reason, started_at, last_seen_at)
     values ($1, $2, $3, $4, $4)
     on conflict (source_id, kind) where resolved_at is null do nothing
     returning ${COLUMNS}`,
    [episode.sourceId, episode.kind, episode.reason, episode.at.toISOString()],
  );
  if (rows[0]) return toRecord(rows[0]);
  await db.query(
    `update silent_source_episodes set last_seen_at = $3, reason = $4
     where source_id = $1 and kind = $2 and resolved_at is null`,
    [episode.sourceId, episode.kind, episode.at.toISOString(), episode.reason],
  );
  return null;
}

/** Close an open episode (the source is back to normal). Returns false when another replica closed it first. */
export async function resolveEpisode(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db.query(
    'update silent_source_episodes set resolved_at = $2 where id = $1 and resolved_at is null',
    [id, at.toISOString()],
  );
  return result.rowCount === 1;
}

/** Claim the notification of an episode: true for exactly one caller. */
export async function claimEpisodeNotification(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db.query(
    'update silent_source_episodes set notified_at = $2 where id = $1 and notified_at is null',
    [id, at.toISOString()],
  );
  return result.rowCount === 1;
}

/** Give the claim back when the message could not be sent, so the next check tries again. */
export async function releaseEpisodeNotification(db: Db, id: string): Promise<void> {
  await db.query('update silent_source_episodes set notified_at = null where id = $1', [id]);
}
