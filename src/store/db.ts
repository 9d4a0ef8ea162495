/**
 * The database handle: PostgreSQL through `pg` when a URL is given, otherwise the same schema embedded in
 * PGlite under `<dataDir>/pglite`. Migrations are applied on open.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { QueryResult as PgQueryResult } from 'pg';
import type { Logger } from 'pino';
import { applyMigrations } from './apply-migrations.js';
import { acquireDirLock } from './dir-lock.js';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Db {
  readonly kind: 'postgres' | 'pglite';
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Run several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Run `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<R>(fn: (tx: Db) => Promise<R>): Promise<R>;
  /**
   * The same database through a connection of its own, not queued behind the shared pool: for the one critical
   * section every replica serialises on (story assignment), so that its holder does not wait behind a crawl
   * round's queries while every article job waits for it. PGlite (one connection) has none: use the Db itself.
   */
  priorityLane?(): Db;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** PostgreSQL URL; when unset, PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files (`<dataDir>/pglite`); `memory://` for a throw-away database. */
  dataDir?: string | undefined;
  /** PostgreSQL schema to use (created if missing); tests use one per test. Default `public`. */
  schema?: string | undefined;
  logger?: Logger | undefined;
}

/** Open the database and apply pending migrations. */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema)
    : await openPglite(options);
  try {
    const applied = await applyMigrations(db);
    if (applied.length > 0) options.logger?.info({ applied, kind: db.kind }, 'database migrations applied');
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

async function openPostgres(url: string, schema: string | undefined): Promise<Db> {
  const { default: pg } = await import('pg');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`invalid schema name ${schema}`);
  const poolOptions = {
    connectionString: url,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  const pool = new pg.Pool({ ...poolOptions, max: 5 });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead of crashing
  if (schema) await pool.query(`create schema if not exists ${schema}`);
  let lane: { pool: InstanceType<typeof pg.Pool>; db: Db } | null = null;
  const wrap = (
    run: (sql: string, params?: unknown[]) => Promise<PgQueryResult>,
  ): Omit<Db, 'transaction' | 'close'> => ({
    kind: 'postgres',
    async query<T extends object>(sql: string, params?: unknown[]) {
      const result = await run(sql, params);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await run(sql);
    },
  });
  const over = (target: InstanceType<typeof pg.Pool>, extra: Pick<Db, 'close'> & Partial<Db>): Db => ({
    ...wrap((sql, params) => target.query(sql, params)),
    transaction: (fn) => inTransaction(target, fn),
    ...extra,
  });
  async function inTransaction<R>(
    target: InstanceType<typeof pg.Pool>,
    fn: (tx: Db) => Promise<R>,
  ): Promise<R> {
    const client = await target.connect();
    // A checked-out client has no error listener of the pool's: a connection lost between two statements of the
    // transaction (a PostgreSQL restart) would be an uncaught 'error' event and end the process. Held here, the
    // next statement fails instead, the transaction is abandoned and the broken client discarded.
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost = error;
    };
    client.on('error', onError);
    const tx: Db = {
      ...wrap((sql, params) => client.query(sql, params)),
      transaction: (inner) => inner(tx),
      close: async () => undefined,
    };
    try {
      await client.query('begin');
      const result = await fn(tx);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.removeListener('error', onError);
      // A client that lost its connection is destroyed, not returned to the pool.
      client.release(lost);
    }
  }
  return over(pool, {
    priorityLane() {
      if (!lane) {
        const lanePool = new pg.Pool({ ...poolOptions, max: 1 });
        lanePool.on('error', () => undefined);
        lane = { pool: lanePool, db: over(lanePool, { close: async () => undefined }) };
      }
      return lane.db;
    },
    close: async () => {
      await Promise.all([pool.end(), lane?.pool.end()]);
    },
  });
}

async function openPglite(options: OpenDbOptions): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const memory = options.dataDir === undefined || options.dataDir === 'memory://';
  let releaseLock: (() => void) | undefined;
  let location = 'memory://';
  if (!memory) {
    location = resolve(join(options.dataDir as string, 'pglite'));
    mkdirSync(location, { recursive: true });
    releaseLock = acquireDirLock(location, 'the embedded database (PGlite)');
  }
  const pglite = await PGlite.create(location);
  type Queryable = Pick<typeof pglite, 'query' | 'exec'>;
  const wrap = (target: Queryable): Omit<Db, 'transaction' | 'close'> => ({
    kind: 'pglite',
    async query<T extends object>(sql: string, params?: unknown[]) {
      const result = await target.query<T>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });
  return {
    ...wrap(pglite),
    transaction<R>(fn: (tx: Db) => Promise<R>): Promise<R> {
      return pglite.transaction(async (t) => {
        const tx: Db = { ...wrap(t), transaction: (inner) => inner(tx), close: async () => undefined };
        return fn(tx);
      });
    },
    async close() {
      await pglite.close();
      releaseLock?.();
    },
  };
}
