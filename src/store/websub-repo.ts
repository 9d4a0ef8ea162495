/**
 * WebSub subscriptions, one per source: the hub and topic its feed advertised, the secret its pushes are signed
 * with, and the state (`none`: checked, no hub; `pending`: subscription requested, not yet verified; `active`:
 * verified, lease until `lease_until`; `denied`: the hub refused; `failed`: the request failed).
 */
import type { Db } from './db.js';

export type WebSubState = 'none' | 'pending' | 'active' | 'denied' | 'failed';

export interface WebSubSubscription {
  sourceId: string;
  hub: string | null;
  topic: string | null;
  secret: string;
  state: WebSubState;
  leaseUntil: Date | null;
  requestedAt: Date | null;
  verifiedAt: Date | null;
  checkedAt: Date;
  lastPushAt: Date | null;
  pushes: number;
  lastError: string | null;
}

interface Row {
  source_id: string;
  hub: string | null;
  topic: string | null;
  secret: string;
  state: WebSubState;
  lease_until: Date | string | null;
  requested_at: Date | string | null;
  verified_at: Date | string | null;
  checked_at: Date | string;
  last_push_at: Date | string | null;
  pushes: number;
  last_error: string | null;
}

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

function fromRow(r: Row): WebSubSubscription {
  return {
    sourceId: r.source_id,
    hub: r.hub,
    topic: r.topic,
    secret: r.secret,
    state: r.state,
    leaseUntil: date(r.lease_until),
    requestedAt: date(r.requested_at),
    verifiedAt: date(r.verified_at),
    checkedAt: new Date(r.checked_at),
    lastPushAt: date(r.last_push_at),
    pushes: Number(r.pushes),
    lastError: r.last_error,
  };
}

export async function listSubscriptions(db: Db): Promise<WebSubSubscription[]> {
  const { rows } = await db.query<Row>('select * from websub_subscriptions order by source_id');
  return rows.map(fromRow);
}

export async function getSubscription(db: Db, sourceId: string): Promise<WebSubSubscription | null> {
  const { rows } = await db.query<Row>('select * from websub_subscriptions where source_id = $1', [sourceId]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Insert or replace what a check found (hub, topic, state); keeps the secret of an existing row. */
export async function saveCheck(
  db: Db,
  s: Pick<WebSubSubscription, 'sourceId' | 'hub' | 'topic' | 'secret' | 'state' | 'lastError'> & {
    checkedAt: Date;
    requestedAt: Date | null;
  },
): Promise<void> {
  await db.query(
    `insert into websub_subscriptions (source_id, hub, topic, secret, state, checked_at, requested_at, last_error)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (source_id) do update set hub = excluded.hub, topic = excluded.topic, state = excluded.state,
       checked_at = excluded.checked_at, requested_at = coalesce(excluded.requested_at, websub_subscriptions.requested_at),
       last_error = excluded.last_error`,
    [
      s.sourceId,
      s.hub,
      s.topic,
      s.secret,
      s.state,
      s.checkedAt.toISOString(),
      s.requestedAt?.toISOString() ?? null,
      s.lastError,
    ],
  );
}

/** The hub verified the (re)subscription: active until `leaseUntil`. */
export async function markVerified(
  db: Db,
  sourceId: string,
  at: Date,
  leaseUntil: Date | null,
): Promise<void> {
  await db.query(
    `update websub_subscriptions set state = 'active', verified_at = $2, lease_until = $3, last_error = null
     where source_id = $1`,
    [sourceId, at.toISOString(), leaseUntil?.toISOString() ?? null],
  );
}

export async function markDenied(db: Db, sourceId: string, reason: string): Promise<void> {
  await db.query(`update websub_subscriptions set state = 'denied', last_error = $2 where source_id = $1`, [
    sourceId,
    reason,
  ]);
}

export async function recordPush(db: Db, sourceId: string, at: Date): Promise<void> {
  await db.query(
    'update websub_subscriptions set last_push_at = $2, pushes = pushes + 1 where source_id = $1',
    [sourceId, at.toISOString()],
  );
}

/** Sources whose push subscription is verified and unexpired at `now`. */
export async function activeSubscriptionIds(db: Db, now: Date): Promise<Set<string>> {
  const { rows } = await db.query<{ source_id: string }>(
    `select source_id from websub_subscriptions where state = 'active' and (lease_until is null or lease_until > $1)`,
    [now.toISOString()],
  );
  return new Set(rows.map((r) => r.source_id));
}
