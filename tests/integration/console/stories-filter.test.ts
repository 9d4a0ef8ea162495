/** /stories?decision=…&limit=N: the decision filter runs in SQL before the LIMIT (was: filtered after). */
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/store/db.js';
import { listStories } from '../../../src/store/stories-repo.js';

describe('listStories decision filter', () => {
  it('returns N stories of the decision even when newer stories have other decisions', async () => {
    const db = await openDb({ dataDir: 'memory://' });
    try {
      const now = Date.now();
      // 3 old alert stories, then 6 newer digest/drop stories: the newest 5 hold no alert.
      const rows: Array<[string, string, number]> = [
        ['a1', 'alert', 9],
        ['a2', 'alert', 8],
        ['a3', 'alert', 7],
        ['d1', 'digest', 6],
        ['d2', 'drop', 5],
        ['d3', 'digest', 4],
        ['d4', 'drop', 3],
        ['d5', 'digest', 2],
        ['d6', 'drop', 1],
      ];
      for (const [id, decision, hoursAgo] of rows)
        await db.query(`insert into stories (id, title, decision, last_seen_at) values ($1, $1, $2, $3)`, [
          id,
          decision,
          new Date(now - hoursAgo * 3_600_000).toISOString(),
        ]);
      const alerts = await listStories(db, { decision: 'alert', limit: 2 });
      expect(alerts.map((s) => s.id)).toEqual(['a3', 'a2']);
      const digests = await listStories(db, { decision: 'digest', limit: 5 });
      expect(digests.map((s) => s.id)).toEqual(['d5', 'd3', 'd1']);
      const all = await listStories(db, { limit: 5 });
      expect(all).toHaveLength(5);
    } finally {
      await db.close();
    }
  }, 60_000);
});
