/**
 * The holders of each key id of a {@link PostingIndex}, compactly: a key held by one item (most keys of a news
 * window: word pairs above all) costs 4 bytes in a typed array; only keys held by several items get an array.
 */

/** The holders of one key: a single slot, else an array (see `posting-index.ts`). */
export type Posting = number | number[];

const NONE = -1;
const LIST = -2;

export class PostingLists {
  /** Per key id: the single holder's slot, NONE, or LIST (the holders are in `lists`). */
  private head = new Int32Array(256).fill(NONE);
  private readonly lists = new Map<number, number[]>();

  get(id: number): Posting | undefined {
    const head = this.head[id] ?? NONE;
    if (head >= 0) return head;
    return head === LIST ? this.lists.get(id) : undefined;
  }

  set(id: number, posting: Posting | undefined): void {
    if (id >= this.head.length) {
      const next = new Int32Array(Math.max(id + 1, this.head.length * 2)).fill(NONE);
      next.set(this.head);
      this.head = next;
    }
    if (this.head[id] === LIST && !Array.isArray(posting)) this.lists.delete(id);
    if (posting === undefined) this.head[id] = NONE;
    else if (typeof posting === 'number') this.head[id] = posting;
    else {
      this.head[id] = LIST;
      this.lists.set(id, posting);
    }
  }

  /** Whether the key is listed (held by at most the index's `maxPosting` items). */
  has(id: number): boolean {
    return (this.head[id] ?? NONE) !== NONE;
  }
}
