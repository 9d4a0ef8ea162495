/**
 * A PostgreSQL connection lost in the middle of a transaction (the server restarted, a proxy reset it) must fail
 * that transaction, not the process: a client checked out of the pool has no error listener of the pool's, so
 * before this the connection's 'error' event was uncaught and the replica exited (chaos run, PostgreSQL cut).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb, type Db } from '../../../src/store/db.js';

const postgresUrl = inject('postgresUrl');

describe.skipIf(!postgresUrl)('transaction whose connection is lost', () => {
  const schema = `txlost_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let db: Db;
  let admin: pg.Client;
  beforeAll(async () => {
    db = await openDb({ databaseUrl: postgresUrl as string, schema });
    admin = new pg.Client({ connectionString: postgresUrl as string });
    await admin.connect();
  });
  afterAll(async () => {
    await db?.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await db?.close();
    await admin?.end();
  });

  it('rejects the transaction, keeps the process, and the next queries work', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const attempt = db.transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
        // Between two statements (the job doing other work), the server ends the connection.
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((r) => setTimeout(r, 300));
        await tx.query('select 1');
      });
      await expect(attempt).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 100));
      expect(uncaught).toEqual([]);
      // The broken client was discarded: the pool serves the next queries and transactions.
      for (let i = 0; i < 6; i++) {
        expect((await db.query<{ n: number }>('select 1 as n')).rows[0]?.n).toBe(1);
        expect(
          await db.transaction(async (tx) => (await tx.query<{ n: number }>('select 2 as n')).rows[0]?.n),
        ).toBe(2);
      }
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
