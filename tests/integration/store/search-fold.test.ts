/** Arabic-aware item search: SQL folding (PGlite and PostgreSQL) agrees with the JS folding of the query. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb, type Db } from '../../../src/store/db.js';
import { foldForSearch, foldedContains } from '../../../src/store/search-fold.js';

describe('foldForSearch', () => {
  it('unifies hamza forms, yaa, taa marbuta, digits, harakat, tatweel and bidi marks', () => {
    expect(foldForSearch('قاعدةُ عينِ الأسـد ٢٠٢٥\u2067')).toBe('قاعده عين الاسد 2025');
    expect(foldForSearch('Ain AL-Asad')).toBe('ain al-asad');
    expect(foldForSearch('100%_')).toBe('100%_');
  });
});

const engines: Array<[string, () => string | undefined]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl') as string | undefined],
];

describe.each(engines)('folded search on %s', (_name, target) => {
  let db: Db | undefined;
  beforeAll(async () => {
    const where = target();
    if (!where) return;
    db = where === 'memory://' ? await openDb({ dataDir: where }) : await openDb({ databaseUrl: where });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('finds a title written with hamza and harakat from a plain query, and the reverse', async (ctx) => {
    if (!db) return ctx.skip();
    const rows = ['انسحاب القوات من قاعدةِ عين الأسد', 'Coalition leaves Ain al-Asad', 'أخبار الطقس ١٠٠%'];
    const search = async (query: string) => {
      const params: unknown[] = [];
      const where = foldedContains(['title'], query, params);
      const values = rows.map((r, i) => `(${i}, '${r}')`).join(', ');
      const { rows: found } = await db!.query<{ i: number }>(
        `select i from (values ${values}) as t(i, title) where ${where} order by i`,
        params,
      );
      return found.map((r) => Number(r.i));
    };
    expect(await search('قاعده عين الاسد')).toEqual([0]);
    expect(await search('الأسد')).toEqual([0]);
    expect(await search('AL-ASAD')).toEqual([1]);
    expect(await search('100%')).toEqual([2]);
    expect(await search('10_')).toEqual([]); // LIKE wildcards in the query are literal
  });
});
