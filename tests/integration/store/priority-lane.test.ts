/**
 * The PostgreSQL Db's priority lane (its own connection): a query on it is answered while every connection of the
 * shared pool is busy, instead of queueing behind them. Runs against the test PostgreSQL in a schema of its own.
 */
import { describe, expect, inject, it } from 'vitest';
import { openDb } from '../../../src/store/db.js';

describe('priority lane', () => {
  const url = inject('postgresUrl');
  const schema = `t_lane_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;

  it.skipIf(!url)('answers while the shared pool is saturated, in the same schema', async () => {
    const db = await openDb({ databaseUrl: url ?? '', schema });
    try {
      await db.query('create table lane_probe (n int)');
      await db.query('insert into lane_probe values (7)');
      const lane = db.priorityLane?.();
      expect(lane).toBeDefined();
      // Ten queries of 1.5 s on a pool of five: the shared pool is busy for about 3 s.
      const started = Date.now();
      const busy = Array.from({ length: 10 }, () => db.query('select pg_sleep(1.5)'));
      await new Promise((r) => setTimeout(r, 100));
      const { rows } = await (lane ?? db).query<{ n: number }>('select n from lane_probe');
      const laneMs = Date.now() - started;
      const shared = db.query('select 1 as one');
      await shared;
      const sharedMs = Date.now() - started;
      await Promise.all(busy);
      expect(rows).toEqual([{ n: 7 }]);
      // The lane answered before the first sleeps ended; the shared pool only after two rounds of them.
      expect(laneMs).toBeLessThan(1400);
      expect(sharedMs).toBeGreaterThanOrEqual(2900);
      await (lane ?? db).transaction(async (tx) => {
        await tx.query('insert into lane_probe values (8)');
      });
      expect((await db.query('select count(*)::int as c from lane_probe')).rows).toEqual([{ c: 2 }]);
    } finally {
      await db.query(`drop schema ${schema} cascade`);
      await db.close();
    }
  });
});
