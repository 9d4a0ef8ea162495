/**
 * The holders of each key id of a {@link PostingIndex}, compactly: a key held by one item (most keys of a news
 * window: word pairs above all) costs 4 bytes in a typed array; a key held by several items gets a block of a pooled
 * `Int32Array` (capacities 2, 4, 8…, freed blocks reused per capacity), about 4–8 bytes per holder instead of the
 * ~80 bytes a `Map` entry and a JS array per key cost (measured: 3.9 kB of the 18.5 kB per held item went to them).
 * The order of the holders in a list is not kept (a removed holder's place takes the last one): readers only count
 * them (candidate search ranks slots by count, ties by slot, see `top-hits.ts`).
 */

const NONE = -1;
/** `head` below this is a list: list number = LIST_BASE - head. */
const LIST_BASE = -2;
const FIRST_CLASS_CAPACITY = 2;

export class PostingLists {
  /** Per key id: the single holder's slot, NONE, or LIST_BASE - list number. */
  private head = new Int32Array(256).fill(NONE);
  /** Per list number: offset of its block in `pool`, its length and its capacity class (capacity 2 << class). */
  private listAt = new Int32Array(64);
  private listLength = new Int32Array(64);
  private listClass = new Uint8Array(64);
  private readonly freeLists: number[] = [];
  private nextList = 0;
  private pool = new Int32Array(1024);
  private poolEnd = 0;
  /** Per capacity class: offsets of freed blocks. */
  private readonly freeBlocks: number[][] = [];
  /** Ints in freed blocks. */
  private freeInts = 0;

  /** Ints the pool holds (live blocks, freed blocks and room to grow). */
  get pooledInts(): number {
    return this.pool.length;
  }

  /** Whether the key is listed (held by at most the index's `maxPosting` items). */
  has(id: number): boolean {
    return (this.head[id] ?? NONE) !== NONE;
  }

  /** Number of holders listed for a key (0 when unlisted). */
  count(id: number): number {
    const head = this.head[id] ?? NONE;
    if (head >= 0) return 1;
    return head === NONE ? 0 : (this.listLength[LIST_BASE - head] ?? 0);
  }

  /** The holders of a key, in no particular order (empty when unlisted). */
  holders(id: number): number[] {
    const head = this.head[id] ?? NONE;
    if (head >= 0) return [head];
    if (head === NONE) return [];
    const list = LIST_BASE - head;
    const at = this.listAt[list] ?? 0;
    return Array.from(this.pool.subarray(at, at + (this.listLength[list] ?? 0)));
  }

  /** Add one to the count of every holder of a key in `hits`. */
  countInto(id: number, hits: Map<number, number>): void {
    const head = this.head[id] ?? NONE;
    if (head >= 0) {
      hits.set(head, (hits.get(head) ?? 0) + 1);
      return;
    }
    if (head === NONE) return;
    const list = LIST_BASE - head;
    const at = this.listAt[list] ?? 0;
    const end = at + (this.listLength[list] ?? 0);
    for (let i = at; i < end; i++) {
      const slot = this.pool[i] as number;
      hits.set(slot, (hits.get(slot) ?? 0) + 1);
    }
  }

  /** List a key as held by `slot` alone (a key seen for the first time). */
  setSingle(id: number, slot: number): void {
    this.ensureId(id);
    this.clear(id);
    this.head[id] = slot;
  }

  /** Add a holder to a listed key (nothing when the key is unlisted). */
  add(id: number, slot: number): void {
    const head = this.head[id] ?? NONE;
    if (head === NONE) return;
    if (head >= 0) {
      const at = this.allocate(0);
      const list = this.newList();
      this.pool[at] = head;
      this.pool[at + 1] = slot;
      this.listAt[list] = at;
      this.listLength[list] = 2;
      this.listClass[list] = 0;
      this.head[id] = LIST_BASE - list;
      return;
    }
    const list = LIST_BASE - head;
    const length = this.listLength[list] ?? 0;
    const cls = this.listClass[list] ?? 0;
    let at = this.listAt[list] ?? 0;
    if (length === FIRST_CLASS_CAPACITY << cls) {
      const next = this.allocate(cls + 1);
      at = this.listAt[list] ?? 0; // moved when the allocation repacked the pool
      this.pool.copyWithin(next, at, at + length);
      this.release(cls, at);
      at = next;
      this.listAt[list] = at;
      this.listClass[list] = cls + 1;
    }
    this.pool[at + length] = slot;
    this.listLength[list] = length + 1;
  }

  /** Remove a holder of a key (a key left with one holder goes back to a single slot). */
  remove(id: number, slot: number): void {
    const head = this.head[id] ?? NONE;
    if (head === NONE) return;
    if (head >= 0) {
      if (head === slot) this.head[id] = NONE;
      return;
    }
    const list = LIST_BASE - head;
    const at = this.listAt[list] ?? 0;
    const length = this.listLength[list] ?? 0;
    let found = -1;
    for (let i = at; i < at + length; i++) {
      if (this.pool[i] === slot) {
        found = i;
        break;
      }
    }
    if (found < 0) return;
    this.pool[found] = this.pool[at + length - 1] as number;
    if (length - 1 === 1) {
      this.head[id] = this.pool[at] as number;
      this.freeList(list);
    } else this.listLength[list] = length - 1;
  }

  /** Unlist a key (held by more than `maxPosting` items, or by none). */
  clear(id: number): void {
    const head = this.head[id] ?? NONE;
    if (head < NONE) this.freeList(LIST_BASE - head);
    if (id < this.head.length) this.head[id] = NONE;
  }

  private freeList(list: number): void {
    this.release(this.listClass[list] ?? 0, this.listAt[list] ?? 0);
    this.listLength[list] = 0;
    this.freeLists.push(list);
  }

  private newList(): number {
    const reused = this.freeLists.pop();
    if (reused !== undefined) return reused;
    const list = this.nextList++;
    if (list >= this.listAt.length) {
      const size = Math.ceil(this.listAt.length * 1.5);
      this.listAt = growInt(this.listAt, size);
      this.listLength = growInt(this.listLength, size);
      const classes = new Uint8Array(size);
      classes.set(this.listClass);
      this.listClass = classes;
    }
    return list;
  }

  /** Offset of a free block of capacity class `cls`. */
  private allocate(cls: number): number {
    const reused = this.freeBlocks[cls]?.pop();
    if (reused !== undefined) {
      this.freeInts -= FIRST_CLASS_CAPACITY << cls;
      return reused;
    }
    const size = FIRST_CLASS_CAPACITY << cls;
    if (this.poolEnd + size > this.pool.length) {
      // Lists that grew left their smaller blocks behind: repack when they are a quarter of the pool.
      if (this.freeInts * 4 >= this.poolEnd) this.repack();
      if (this.poolEnd + size > this.pool.length)
        this.pool = growInt(this.pool, Math.max(this.poolEnd + size, Math.ceil(this.pool.length * 1.25)));
    }
    const at = this.poolEnd;
    this.poolEnd += size;
    return at;
  }

  private release(cls: number, at: number): void {
    (this.freeBlocks[cls] ??= []).push(at);
    this.freeInts += FIRST_CLASS_CAPACITY << cls;
  }

  /** Copy every live block into a new pool, in list order, with no free blocks between them. */
  private repack(): void {
    const live = this.poolEnd - this.freeInts;
    const pool = new Int32Array(Math.max(1024, Math.ceil(live * 1.25)));
    let end = 0;
    const taken = new Uint8Array(this.nextList);
    for (const list of this.freeLists) taken[list] = 1;
    for (let list = 0; list < this.nextList; list++) {
      if (taken[list] === 1) continue;
      const at = this.listAt[list] ?? 0;
      pool.set(this.pool.subarray(at, at + (this.listLength[list] ?? 0)), end);
      this.listAt[list] = end;
      end += FIRST_CLASS_CAPACITY << (this.listClass[list] ?? 0);
    }
    this.pool = pool;
    this.poolEnd = end;
    this.freeInts = 0;
    this.freeBlocks.length = 0;
  }

  private ensureId(id: number): void {
    if (id < this.head.length) return;
    const next = new Int32Array(Math.max(id + 1, Math.ceil(this.head.length * 1.25))).fill(NONE);
    next.set(this.head);
    this.head = next;
  }
}

function growInt(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}
