/**
 * A scraped title or body carrying NUL (which PostgreSQL refuses in text) or other C0/C1 controls is stored with
 * the controls removed, on insert and on revision, instead of failing the job and losing the item.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../src/store/db.js';
import { getItem, insertItem, reviseItem } from '../../../src/store/items-repo.js';

const item = (id: string, title: string, text: string) => ({
  id,
  sourceId: 'test-source',
  url: `https://example.org/${id}`,
  canonicalUrl: `https://example.org/${id}`,
  guid: null,
  title,
  text,
  lead: `${title}\u0000`,
  author: 'مراسل\u0007',
  imageUrl: null,
  language: 'ar',
  dir: 'rtl',
  publishedAt: '2025-08-23T10:00:00.000Z',
  modifiedAt: null,
  contentHash: 'h1',
  topicId: 'iraq-drawdown',
  score: 0.5,
  decision: 'store',
  reasons: [],
  dropReason: null,
  storyId: null,
  duplicateOf: null,
});

// eslint-disable-next-line no-control-regex -- the assertion is about control characters
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

describe('items with control characters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'raqib-ctl-'));
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ dataDir: dir });
  }, 60_000);
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['NUL in the title', 'انسحاب\u0000 القوات', 'نص'],
    ['NUL in the body', 'Troops leave', 'first line\u0000second line\nthird'],
    ['ANSI escape and BEL', '\u001b[31mRed\u001b[0m headline\u0007', 'body\u009b2J'],
    ['DEL and C1', 'Title\u007f\u0085', 'النص\u0090'],
  ])('stores an item with %s, controls removed, newlines kept', async (_label, title, text) => {
    const id = `it-${Math.random().toString(36).slice(2)}`;
    expect(await insertItem(db, item(id, title, text))).toBe(true);
    const stored = await getItem(db, id);
    expect(stored?.title).not.toMatch(CONTROL);
    expect(stored?.text).not.toMatch(CONTROL);
    expect(stored?.lead).not.toMatch(CONTROL);
    expect(stored?.author).toBe('مراسل');
    expect(stored?.text?.split('\n').length).toBe(text.split('\n').length);
  });

  it('stores a revision whose new text carries NUL', async () => {
    const id = 'it-revise';
    await insertItem(db, item(id, 'old', 'old body'));
    await reviseItem(db, id, {
      title: 'new\u0000',
      text: 'new\u0000 body',
      contentHash: 'h2',
      modifiedAt: null,
    });
    const stored = await getItem(db, id);
    expect(stored?.title).toBe('new');
    expect(stored?.text).toBe('new body');
  });
});
