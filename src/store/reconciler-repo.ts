/**
 * What the reconciler recovered, per kind (`delivery`, …): a running total and the last run, read by the dashboard.
 */
import type { Db } from './db.js';

export interface ReconcilerStat {
  kind: string;
  recovered: number;
  lastRecovered: number;
  lastRunAt: string | null;
}

export async function recordReconcilerRun(db: Db, kind: string, recovered: number): Promise<void> {
  await db.query(
    `insert into reconciler_stats (kind, recovered, last_recovered, last_run_at) values ($1, $2::bigint, $2::int, now())
     on conflict (kind) do update set recovered = reconciler_stats.recovered + excluded.recovered,
       last_recovered = excluded.last_recovered, last_run_at = excluded.last_run_at`,
    [kind, recovered],
  );
}

export async function listReconcilerStats(db: Db): Promise<ReconcilerStat[]> {
  const { rows } = await db.query<{
    kind: string;
    recovered: string | number;
    last_recovered: number;
    last_run_at: Date | string | null;
  }>('select kind, recovered, last_recovered, last_run_at from reconciler_stats order by kind');
  return rows.map((r) => ({
    kind: r.kind,
    recovered: Number(r.recovered),
    lastRecovered: r.last_recovered,
    lastRunAt: r.last_run_at === null ? null : new Date(r.last_run_at).toISOString(),
  }));
}
