/** Picking the best candidates of a posting-list probe. Pure. */

/** The `k` slots with most hits (ties: earlier slot first), best first, without sorting every hit. */
export function topHits(hits: ReadonlyMap<number, number>, k: number): Array<[number, number]> {
  const top: Array<[number, number]> = [];
  const before = (a: [number, number], slot: number, count: number): boolean =>
    count > a[1] || (count === a[1] && slot < a[0]);
  for (const [slot, count] of hits) {
    if (top.length === k) {
      const last = top[k - 1] as [number, number];
      if (!before(last, slot, count)) continue;
      top.pop();
    }
    let at = top.length;
    while (at > 0 && before(top[at - 1] as [number, number], slot, count)) at--;
    top.splice(at, 0, [slot, count]);
  }
  return top;
}
