/**
 * Inverted index from feature keys to item ids, with document frequencies. It finds the few items worth scoring
 * against a new one, so assigning stays fast as the window fills.
 */

export class PostingIndex {
  /** key → ids of items that have it; the set size is the key's document frequency. */
  private readonly postings = new Map<string, Set<string>>();
  /** key → document frequency (kept as a plain map so scoring can read it as `ReadonlyMap<string, number>`). */
  readonly df = new Map<string, number>();

  add(id: string, keys: Iterable<string>): void {
    for (const key of keys) {
      let set = this.postings.get(key);
      if (!set) {
        set = new Set();
        this.postings.set(key, set);
      }
      set.add(id);
      this.df.set(key, set.size);
    }
  }

  remove(id: string, keys: Iterable<string>): void {
    for (const key of keys) {
      const set = this.postings.get(key);
      if (!set) continue;
      set.delete(id);
      if (set.size === 0) {
        this.postings.delete(key);
        this.df.delete(key);
      } else {
        this.df.set(key, set.size);
      }
    }
  }

  /**
   * Items sharing the rarest `maxKeys` of `keys`, counted by how many they share; keys held by more than
   * `maxPosting` items are skipped (they are too common to point at one event).
   */
  collect(keys: Iterable<string>, hits: Map<string, number>, maxKeys: number, maxPosting: number): void {
    const present: Array<[string, number]> = [];
    for (const key of keys) {
      const df = this.df.get(key);
      if (df !== undefined && df <= maxPosting) present.push([key, df]);
    }
    present.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    for (const [key] of present.slice(0, maxKeys)) {
      for (const id of this.postings.get(key) ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
    }
  }
}
