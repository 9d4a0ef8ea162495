import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopics } from '../../../../src/classify/load-topics.js';
import {
  ARTICLE_PRIORITY,
  articlePriorities,
  articlePriority,
  RANK_SPAN,
} from '../../../../src/pipeline/crawl/article-priority.js';

const now = new Date('2025-10-01T12:00:00Z');
const deps = {
  topics: loadTopics(resolve('topics')),
  settings: { maxAlertAgeMs: 72 * 3600_000, pauseAfterFailures: 10 },
  now: () => now,
};

describe('articlePriority', () => {
  it('puts a feed entry that already scores on the topic first', () => {
    const entry = {
      title: 'US forces withdraw from Ain al-Asad air base as coalition mission in Iraq ends',
      summary:
        'The last US troops left the base in Anbar under the agreed timetable for the coalition withdrawal.',
      publishedAt: '2025-10-01T11:30:00Z',
      language: 'en',
    };
    expect(articlePriority(entry, deps)).toBe(ARTICLE_PRIORITY.promising);
  });

  it('keeps other fresh entries after promising ones, and entries too old to alert last', () => {
    const football = {
      title: 'Al-Zawraa beat Al-Shorta in the league',
      summary: 'A late goal.',
      language: 'en',
    };
    expect(articlePriority({ ...football, publishedAt: '2025-10-01T11:00:00Z' }, deps)).toBe(
      ARTICLE_PRIORITY.fresh,
    );
    expect(articlePriority({ ...football, publishedAt: undefined }, deps)).toBe(ARTICLE_PRIORITY.fresh);
    expect(articlePriority({ ...football, publishedAt: '2025-09-20T11:00:00Z' }, deps)).toBe(
      ARTICLE_PRIORITY.old,
    );
    expect(ARTICLE_PRIORITY.promising).toBeLessThan(ARTICLE_PRIORITY.fresh);
  });
});

describe('articlePriorities', () => {
  const football = (publishedAt: string | undefined) => ({
    title: 'Al-Zawraa beat Al-Shorta in the league',
    summary: 'A late goal.',
    language: 'en',
    publishedAt,
  });
  const drawdown = (publishedAt: string) => ({
    title: 'US forces withdraw from Ain al-Asad air base as coalition mission in Iraq ends',
    summary:
      'The last US troops left the base in Anbar under the agreed timetable for the coalition withdrawal.',
    language: 'en',
    publishedAt,
  });

  it('ranks the entries of one crawl newest first within each tier, tiers never interleaving', () => {
    const entries = [
      football('2025-10-01T09:00:00Z'),
      drawdown('2025-10-01T08:00:00Z'),
      football('2025-10-01T11:00:00Z'),
      drawdown('2025-10-01T11:30:00Z'),
      football('2025-09-20T11:00:00Z'),
      football(undefined),
    ];
    const p = articlePriorities(entries, deps);
    // promising: 11:30 before 08:00
    expect(p[3]).toBe(ARTICLE_PRIORITY.promising);
    expect(p[1]).toBe(ARTICLE_PRIORITY.promising + 1);
    // fresh: undated first (counts as newest), then 11:00, then 09:00
    expect(p[5]).toBe(ARTICLE_PRIORITY.fresh);
    expect(p[2]).toBe(ARTICLE_PRIORITY.fresh + 1);
    expect(p[0]).toBe(ARTICLE_PRIORITY.fresh + 2);
    expect(p[4]).toBe(ARTICLE_PRIORITY.old);
    expect(Math.max(p[1] as number, p[3] as number)).toBeLessThan(ARTICLE_PRIORITY.fresh);
  });

  it('puts the newest entry of every source before the second entry of any source', () => {
    const a = articlePriorities([football('2025-10-01T11:00:00Z'), football('2025-10-01T10:00:00Z')], deps);
    const b = articlePriorities(
      [football('2025-10-01T07:00:00Z'), football('2025-10-01T06:00:00Z'), football('2025-10-01T05:00:00Z')],
      deps,
    );
    expect(a[0]).toBe(b[0]);
    expect(a[1]).toBe(b[1]);
    expect(b[0] as number).toBeLessThan(a[1] as number);
  });

  it('caps the rank so a very long feed stays inside its tier', () => {
    const many = Array.from({ length: RANK_SPAN + 50 }, (_, k) =>
      football(new Date(Date.parse('2025-10-01T11:00:00Z') - k * 60_000).toISOString()),
    );
    const p = articlePriorities(many, deps);
    expect(Math.max(...p)).toBe(ARTICLE_PRIORITY.fresh + RANK_SPAN - 1);
    expect(Math.max(...p)).toBeLessThan(ARTICLE_PRIORITY.old);
  });
});
