/**
 * Keeps the in-memory story index (dedupe stage) consistent across replicas: assignment runs under a Redis lock,
 * after catching up on items other processes stored since the last look.
 */
import type { Redis } from 'ioredis';
import type { StoryAssignment, StoryCandidate, StoryIndex } from '../dedupe/story-index.js';
import { withRedisLock } from '../runtime/redis-lock.js';
import type { Db } from '../store/db.js';
import { listItemsSince } from '../store/items-repo.js';

export class StoryIndexSync {
  private index: StoryIndex;
  private readonly known = new Set<string>();
  private syncedTo = 0;
  /** Newest publication time seen: the window trails it, so replays of old items still cluster. */
  private newestPublished = 0;

  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly lockKey: string,
    private readonly createIndex: () => StoryIndex,
    private readonly windowMs: number,
  ) {
    this.index = createIndex();
  }

  /** Assign `candidate` to a story and run `persist` (store it) while still holding the lock. */
  async assign<T>(
    candidate: StoryCandidate,
    persist: (assignment: StoryAssignment) => Promise<T>,
  ): Promise<{ assignment: StoryAssignment; result: T }> {
    return withRedisLock(this.redis, this.lockKey, async () => {
      await this.catchUp();
      const assignment = this.index.assign(candidate);
      this.notePublished(candidate.publishedAt);
      try {
        const result = await persist(assignment);
        this.known.add(candidate.id);
        return { assignment, result };
      } catch (error) {
        // The index now holds an item the database does not: rebuild from the database next time.
        this.reset();
        throw error;
      }
    });
  }

  private notePublished(publishedAt: string | null | undefined): void {
    const t = publishedAt ? Date.parse(publishedAt) : NaN;
    if (Number.isFinite(t) && t <= Date.now() + 3600_000)
      this.newestPublished = Math.max(this.newestPublished, t);
  }

  private reset(): void {
    this.index = this.createIndex();
    this.known.clear();
    this.syncedTo = 0;
    this.newestPublished = 0;
  }

  /** Feed the index every item stored (by any process) since the last catch-up, within the window. */
  private async catchUp(): Promise<void> {
    const windowStart = Date.now() - this.windowMs;
    // Re-read a little overlap: rows committed out of order by other replicas are still seen.
    const since = new Date(Math.max(windowStart, this.syncedTo - 60_000));
    const rows = await listItemsSince(this.db, since);
    for (const row of rows) {
      if (this.known.has(row.id)) continue;
      this.known.add(row.id);
      this.index.assign({
        id: row.id,
        lang: row.language,
        title: row.title,
        text: row.text ?? '',
        url: row.canonicalUrl,
        publishedAt: row.publishedAt ?? row.fetchedAt,
      });
      this.syncedTo = Math.max(this.syncedTo, Date.parse(row.fetchedAt));
      this.notePublished(row.publishedAt ?? row.fetchedAt);
    }
    const trailing = Math.min(Date.now(), this.newestPublished || Date.now()) - this.windowMs;
    this.index.evictBefore(new Date(trailing));
    if (this.known.size > 200_000) this.known.clear();
  }
}
