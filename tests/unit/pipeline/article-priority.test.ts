import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/classify/load-topics.js';
import { ARTICLE_PRIORITY, articlePriority } from '../../../src/pipeline/article-priority.js';

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
