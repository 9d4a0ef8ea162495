/**
 * k-fold cross-validation folds grouped by story: items that share a `story` slug, and syndicated copies
 * (`repost_of`) with their original, always land in the same fold, so no event is seen in training and in testing.
 * Group-to-fold assignment is a stable hash of the group key (deterministic across runs and machines), balanced
 * greedily by size so folds stay within a few items of each other.
 */
import { hash32 } from '../../src/dedupe/hash32.js';

export interface FoldItem {
  id: string;
  story?: string | null;
  repost_of?: string | null;
}

/** Union-find over ids: story slug and repost_of both join items into one group. Returns id → group key. */
export function groupKeys(items: readonly FoldItem[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const item of items) parent.set(`id:${item.id}`, `id:${item.id}`);
  for (const item of items) {
    if (item.story) {
      const key = `story:${item.story}`;
      if (!parent.has(key)) parent.set(key, key);
      union(`id:${item.id}`, key);
    }
    if (item.repost_of && parent.has(`id:${item.repost_of}`)) union(`id:${item.id}`, `id:${item.repost_of}`);
  }
  return new Map(items.map((item) => [item.id, find(`id:${item.id}`)]));
}

/** Split `items` into `k` folds (arrays of items) with every group whole. */
export function groupedFolds<T extends FoldItem>(items: readonly T[], k: number, seed = 1): T[][] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`k must be an integer ≥ 2, got ${k}`);
  const keys = groupKeys(items);
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keys.get(item.id)!;
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  // Largest groups first, ties broken by a seeded hash, each into the currently smallest fold.
  const ordered = [...groups.entries()].sort(
    ([ka, a], [kb, b]) => b.length - a.length || hash32(`${seed}:${ka}`) - hash32(`${seed}:${kb}`),
  );
  const folds: T[][] = Array.from({ length: k }, () => []);
  for (const [, members] of ordered) {
    let smallest = 0;
    for (let f = 1; f < k; f++) if (folds[f]!.length < folds[smallest]!.length) smallest = f;
    folds[smallest]!.push(...members);
  }
  return folds;
}

/** For each fold i: `{ train: all other folds, test: fold i }`. */
export function crossValidationSplits<T extends FoldItem>(
  items: readonly T[],
  k: number,
  seed = 1,
): Array<{ fold: number; train: T[]; test: T[] }> {
  const folds = groupedFolds(items, k, seed);
  return folds.map((test, fold) => ({ fold, test, train: folds.filter((_, j) => j !== fold).flat() }));
}
