import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDb, type Db } from '../../../src/store/db.js';
import {
  findStoredCanonicalUrls,
  getItem,
  insertItem,
  listStoryItems,
  reviseItem,
} from '../../../src/store/items-repo.js';
import { upsertStoryWithItem } from '../../../src/store/stories-repo.js';

const item = (id: string, canonicalUrl: string, storyId: string | null = null) => ({
  id,
  sourceId: 'test-source',
  url: canonicalUrl,
  canonicalUrl,
  guid: null,
  title: 'انسحاب القوات من عين الأسد',
  text: 'نص',
  lead: null,
  author: null,
  imageUrl: null,
  language: 'ar',
  dir: 'rtl',
  publishedAt: '2025-08-23T10:00:00.000Z',
  modifiedAt: null,
  contentHash: 'h1',
  topicId: 'iraq-drawdown',
  score: 0.9,
  decision: 'alert',
  reasons: [{ kind: 'place', label: 'place: Ain al-Asad', weight: 0.3 }],
  dropReason: null,
  storyId,
  duplicateOf: null,
});

async function exercise(db: Db) {
  await upsertStoryWithItem(db, {
    id: 'st-a',
    topicId: 't',
    title: 'x',
    lang: 'ar',
    score: 0.9,
    decision: 'alert',
  });
  expect(await insertItem(db, item('it-a', 'https://example.org/a', 'st-a'))).toBe(true);
  // the same canonical URL twice is one item
  expect(await insertItem(db, item('it-a2', 'https://example.org/a', 'st-a'))).toBe(false);
  const stored = await findStoredCanonicalUrls(db, ['https://example.org/a', 'https://example.org/b']);
  expect([...stored]).toEqual(['https://example.org/a']);
  const loaded = await getItem(db, 'it-a');
  expect(loaded?.reasons[0]?.label).toBe('place: Ain al-Asad');
  expect(loaded?.publishedAt).toBe('2025-08-23T10:00:00.000Z');
  const again = await upsertStoryWithItem(db, {
    id: 'st-a',
    topicId: 't',
    title: 'x',
    lang: 'en',
    score: 0.5,
    decision: 'digest',
  });
  expect(again.created).toBe(false);
  expect(again.story.itemCount).toBe(2);
  expect(again.story.decision).toBe('alert');
  expect(
    await reviseItem(db, 'it-a', { title: 'new', text: 'new text', contentHash: 'h2', modifiedAt: null }),
  ).toBe(2);
  const revisions = await db.query<{ revision: number; title: string }>(
    'select revision, title from item_revisions',
  );
  expect(revisions.rows).toEqual([{ revision: 1, title: 'انسحاب القوات من عين الأسد' }]);
  expect((await listStoryItems(db, 'st-a')).map((i) => i.title)).toEqual(['new']);
  await expect(
    db.transaction(async (tx) => {
      await insertItem(tx, item('it-b', 'https://example.org/b'));
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  expect(await getItem(db, 'it-b')).toBeNull();
}

describe('store on PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'raqib-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies migrations, stores items and keeps them across a restart', async () => {
    const db = await openDb({ dataDir: dir });
    await exercise(db);
    await db.close();
    const reopened = await openDb({ dataDir: dir });
    expect((await getItem(reopened, 'it-a'))?.title).toBe('new');
    const { rows } = await reopened.query<{ n: number }>('select count(*)::int as n from schema_migrations');
    expect(rows[0]?.n).toBeGreaterThan(0);
    await reopened.close();
  });

  it('refuses a second process-level open of the same embedded database', async () => {
    const db = await openDb({ dataDir: dir });
    // Same process: the lock file names our own pid, so simulate another live owner.
    const { writeFileSync } = await import('node:fs');
    await db.close();
    writeFileSync(join(dir, 'pglite', 'raqib.lock'), String(process.ppid));
    await expect(openDb({ dataDir: dir })).rejects.toThrow(/in use by process/);
    rmSync(join(dir, 'pglite', 'raqib.lock'));
  });
});

describe('store on PostgreSQL', () => {
  const url = inject('postgresUrl');
  const schema = `t_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;

  it.skipIf(!url)('applies migrations in a fresh schema and behaves like PGlite', async () => {
    const db = await openDb({ databaseUrl: url ?? '', schema });
    try {
      await exercise(db);
    } finally {
      await db.query(`drop schema ${schema} cascade`);
      await db.close();
    }
  });
});
