/** Pairwise clustering metrics against gold story slugs (two items are one story when slugs are equal, not null). */

export interface GoldItem {
  id: string;
  lang: string;
  story: string | null;
  repost_of?: string | null;
}

export interface PairCounts {
  tp: number;
  fp: number;
  fn: number;
  crossGold: number;
  crossFound: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositives: Array<[string, string]>;
  falseNegatives: Array<[string, string]>;
}

/**
 * Compare predicted cluster labels (item id → cluster) with the gold slugs, over all pairs, or with `involving` only
 * the pairs with at least one item in that set (a held-out fold: its wrong joins to other folds' items count).
 */
export function countPairs(
  items: readonly GoldItem[],
  predicted: ReadonlyMap<string, string>,
  involving?: ReadonlySet<string>,
): PairCounts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let crossGold = 0;
  let crossFound = 0;
  const falsePositives: Array<[string, string]> = [];
  const falseNegatives: Array<[string, string]> = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i];
      const b = items[j];
      if (!a || !b) continue;
      if (involving && !involving.has(a.id) && !involving.has(b.id)) continue;
      const gold = a.story !== null && a.story === b.story;
      const found = predicted.get(a.id) === predicted.get(b.id);
      const cross = a.lang !== b.lang;
      if (gold && cross) crossGold++;
      if (gold && found) {
        tp++;
        if (cross) crossFound++;
      } else if (found) {
        fp++;
        falsePositives.push([a.id, b.id]);
      } else if (gold) {
        fn++;
        falseNegatives.push([a.id, b.id]);
      }
    }
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, crossGold, crossFound, precision, recall, f1, falsePositives, falseNegatives };
}

/** Connected components of the pairs a predicate accepts (for baselines). */
export function clusterByPredicate(
  ids: readonly string[],
  linked: (i: number, j: number) => boolean,
): Map<string, string> {
  const parent = ids.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] ?? x;
    return x;
  };
  for (let i = 0; i < ids.length; i++) {
    for (let j = 0; j < i; j++) if (linked(i, j)) parent[find(i)] = find(j);
  }
  return new Map(ids.map((id, i) => [id, `c${find(i)}`]));
}
