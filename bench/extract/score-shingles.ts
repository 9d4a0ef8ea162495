/**
 * Exact port of the benchmark's `score.py`: 4-gram shingles of `\w+` tokens (Python's Unicode `\w` is letters,
 * numbers and underscore), per-page TP/FP/FN normalised to sum 1, precision and recall macro-averaged over pages,
 * F1 from the two means. Checked against `python3 score.py` by `npm run bench:extract -- --verify-score`.
 */

const TOKEN = /[\p{L}\p{N}_]+/gu;

function countShingles(text: string, n = 4): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const gram = tokens.slice(i, i + n);
    if (gram.length === 0) continue;
    const key = gram.join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface PageScore {
  tp: number;
  fp: number;
  fn: number;
}

/** Normalised TP/FP/FN of one page. */
export function scorePage(truth: string, predicted: string): PageScore {
  const a = countShingles(truth);
  const b = countShingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const keys = new Set([...a.keys(), ...b.keys()]);
  for (const key of keys) {
    const x = a.get(key) ?? 0;
    const y = b.get(key) ?? 0;
    tp += Math.min(x, y);
    fp += Math.max(0, y - x);
    fn += Math.max(0, x - y);
  }
  const sum = tp + fp + fn;
  return sum ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp: 0, fp: 0, fn: 0 };
}

export function precisionOf({ tp, fp, fn }: PageScore): number {
  if (fp === 0 && fn === 0) return 1;
  return tp === 0 && fp === 0 ? 0 : tp / (tp + fp);
}

export function recallOf({ tp, fp, fn }: PageScore): number {
  if (fp === 0 && fn === 0) return 1;
  return tp === 0 && fn === 0 ? 0 : tp / (tp + fn);
}

export interface SetScore {
  f1: number;
  precision: number;
  recall: number;
}

/** Score a prediction set the way `score.py` does (ids missing from `predicted` count as empty). */
export function scoreSet(
  truth: ReadonlyMap<string, string>,
  predicted: ReadonlyMap<string, string>,
): SetScore {
  const rows = [...truth].map(([id, body]) => scorePage(body, predicted.get(id) ?? ''));
  const p = rows.filter((r) => r.tp + r.fp > 0).map(precisionOf);
  const r = rows.filter((row) => row.tp + row.fn > 0).map(recallOf);
  const precision = p.length ? p.reduce((s, v) => s + v, 0) / p.length : 0;
  const recall = r.length ? r.reduce((s, v) => s + v, 0) / r.length : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall };
}
