/** Operator actions on a source's health record: pause with a reason, resume (failures and backoff cleared). */
import { pauseSource, resumeSource } from '../fetch/source-health.js';
import type { Db } from '../store/db.js';
import { getSourceHealth, saveSourceHealth } from '../store/sources-repo.js';

/** @returns false when the source is not in the database. */
export async function pauseSourceByOperator(db: Db, sourceId: string, reason: string): Promise<boolean> {
  const row = await getSourceHealth(db, sourceId);
  if (!row) return false;
  await saveSourceHealth(db, sourceId, pauseSource(row, reason));
  return true;
}

/** @returns false when the source is not in the database. */
export async function resumeSourceByOperator(db: Db, sourceId: string): Promise<boolean> {
  const row = await getSourceHealth(db, sourceId);
  if (!row) return false;
  await saveSourceHealth(db, sourceId, resumeSource(row));
  return true;
}
