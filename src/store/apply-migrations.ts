import type { Db } from './db.js';
import { migrations } from './migrations.js';

/**
 * Apply pending migrations in version order, each in its own transaction. On PostgreSQL an advisory lock
 * keeps two processes starting at once from racing.
 * @returns the versions applied now.
 */
export async function applyMigrations(db: Db): Promise<number[]> {
  return db.transaction(async (tx) => {
    if (tx.kind === 'postgres') await tx.query(`select pg_advisory_xact_lock(hashtext('raqib-migrations'))`);
    await tx.exec(`create table if not exists schema_migrations (
      version int primary key, name text not null, applied_at timestamptz not null default now())`);
    const done = new Set(
      (await tx.query<{ version: number }>('select version from schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
