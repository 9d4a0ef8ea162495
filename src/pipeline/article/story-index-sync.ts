/**
 * Keeps the in-memory story index (dedupe stage) consistent across replicas: assignment runs under a Redis lock,
 * after catching up on items other processes stored since the last look. Caught-up rows are replayed with
 * {@link StoryIndex.restore} and the story, duplicate and revision links they were stored with, so every replica
 * holds the decisions that were made, not decisions re-made against a different index.
 */
import type { Redis } from 'ioredis';
import type { StoryAssignment, StoryCandidate, StoryIndex } from '../../dedupe/story-index.js';
import { withRedisLock } from '../../store/redis/redis-lock.js';
import type { Db } from '../../store/db.js';
import { getItemsByIds, listItemIdsSince, type ItemRecord } from '../../store/items-repo.js';

/** Rows re-read before the last catch-up point: rows committed out of order by other replicas are still seen. */
const CATCH_UP_OVERLAP_MS = 60_000;

/** The stored item as a story candidate; `seenAt` (its fetch time) drives eviction. */
export function candidateFromRow(row: ItemRecord): StoryCandidate {
  return {
    id: row.id,
    lang: row.language,
    title: row.title,
    text: row.text ?? '',
    url: row.canonicalUrl,
    publishedAt: row.publishedAt ?? row.fetchedAt,
    seenAt: row.fetchedAt,
  };
}

/** The assignment a stored row was saved with (revisions are stored on their item's row, so none is one). */
export function assignmentFromRow(row: ItemRecord & { storyId: string }): StoryAssignment {
  return {
    storyId: row.storyId,
    duplicateOf: row.duplicateOf,
    revisionOf: null,
    score: 1,
    reasons: ['restored'],
  };
}

export class StoryIndexSync {
  private index: StoryIndex;
  /** Ids already in the index, with their fetch time (ms), oldest first, so that eviction can forget them too. */
  private readonly known = new Map<string, number>();
  private syncedTo = 0;
  /** The last assignment queued in this process: jobs of one process take the Redis lock one after another. */
  private tail: Promise<unknown> = Promise.resolve();
  /** The connection the lock holder uses: its own (PostgreSQL), so it never queues behind other stages' queries. */
  private readonly locked: Db;

  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly lockKey: string,
    private readonly createIndex: () => StoryIndex,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.index = createIndex();
    this.locked = db.priorityLane?.() ?? db;
  }

  /**
   * Assign `candidate` to a story and run `persist` (store it, through the `db` it is given: the lock holder's
   * own connection) while still holding the lock. Concurrent calls in
   * one process queue here (first come, first served) and only the head asks Redis: each handoff within the
   * process is immediate, instead of every article job polling the lock with a growing sleep (up to 100 ms), which
   * left the lock free between holders and capped a process at a few assignments a second under load.
   */
  async assign<T>(
    candidate: StoryCandidate,
    persist: (assignment: StoryAssignment, db: Db) => Promise<T>,
  ): Promise<{ assignment: StoryAssignment; result: T }> {
    const run = this.tail.then(() => this.assignLocked(candidate, persist));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async assignLocked<T>(
    candidate: StoryCandidate,
    persist: (assignment: StoryAssignment, db: Db) => Promise<T>,
  ): Promise<{ assignment: StoryAssignment; result: T }> {
    return withRedisLock(this.redis, this.lockKey, async () => {
      await this.catchUp();
      const assignment = this.index.assign({
        ...candidate,
        seenAt: candidate.seenAt ?? new Date(this.now()).toISOString(),
      });
      try {
        const result = await persist(assignment, this.locked);
        this.known.set(candidate.id, Date.parse(candidate.seenAt ?? '') || this.now());
        return { assignment, result };
      } catch (error) {
        // The index now holds an item the database does not: rebuild from the database next time.
        this.reset();
        throw error;
      }
    });
  }

  /** Items held in memory (for tests and metrics). */
  get size(): number {
    return this.index.size;
  }

  /** Ids remembered as already indexed (bounded by the window like the index; for tests and metrics). */
  get knownIds(): number {
    return this.known.size;
  }

  private reset(): void {
    this.index = this.createIndex();
    this.known.clear();
    this.syncedTo = 0;
  }

  /**
   * Feed the index every item stored (by any process) since the last catch-up, within the window, with its stored
   * assignment; then forget items fetched before the window. Memory is bounded by what arrives in one window,
   * whatever the items' publication dates.
   */
  private async catchUp(): Promise<void> {
    const windowStart = this.now() - this.windowMs;
    const since = new Date(Math.max(windowStart, this.syncedTo - CATCH_UP_OVERLAP_MS));
    // Ids first, full rows (with their text) only for items not seen yet: re-reading a busy minute's rows on every
    // assignment made catch-up quadratic in the arrival rate (a first crawl of 1,000 feeds peaked at 1 GB RSS).
    const ids = await listItemIdsSince(this.locked, since);
    // Items this process stored itself are known already: they move the catch-up point too. Without that, a process
    // that stores everything itself (one replica) never moved it and listed every id of the 72 h window on every
    // assignment, under the lock: 20–50 ms each at 10,000 items, and growing with the window.
    for (const id of ids) {
      const fetchedAt = this.known.get(id);
      if (fetchedAt !== undefined) this.syncedTo = Math.max(this.syncedTo, fetchedAt);
    }
    const rows = await getItemsByIds(
      this.locked,
      ids.filter((id) => !this.known.has(id)),
    );
    for (const row of rows) {
      if (this.known.has(row.id)) continue;
      this.known.set(row.id, Date.parse(row.fetchedAt) || this.now());
      const candidate = candidateFromRow(row);
      if (row.storyId !== null)
        this.index.restore(candidate, assignmentFromRow({ ...row, storyId: row.storyId }));
      else this.index.assign(candidate);
      this.syncedTo = Math.max(this.syncedTo, Date.parse(row.fetchedAt));
    }
    this.index.evictBefore(new Date(windowStart));
    this.forgetKnownBefore(windowStart - CATCH_UP_OVERLAP_MS);
  }

  /**
   * Drop ids fetched before `limit`: catch-up never lists them again. The map is in (roughly) fetch order, so this
   * stops at the first younger id and costs only what it removes; an out-of-order straggler goes on a later call.
   */
  private forgetKnownBefore(limit: number): void {
    for (const [id, fetchedAt] of this.known) {
      if (fetchedAt >= limit) break;
      this.known.delete(id);
    }
  }
}
