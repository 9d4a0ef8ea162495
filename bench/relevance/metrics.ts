/** Precision, recall and F1 of binary predictions. */

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface Metrics extends Counts {
  n: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Metrics of `pairs` (label, predicted). Empty denominators give 1 for precision/recall (nothing to get wrong). */
export function computeMetrics(pairs: readonly { label: number; predicted: boolean }[]): Metrics {
  const c: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { label, predicted } of pairs) {
    if (label === 1 && predicted) c.tp += 1;
    else if (label === 1) c.fn += 1;
    else if (predicted) c.fp += 1;
    else c.tn += 1;
  }
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, n: pairs.length, precision, recall, f1 };
}

/** `P 0.950 R 0.920 F1 0.935 (tp 23 fp 1 fn 2 tn 50)`. */
export function formatMetrics(m: Metrics): string {
  const f = (x: number) => x.toFixed(3);
  return `P ${f(m.precision)}  R ${f(m.recall)}  F1 ${f(m.f1)}  (n ${m.n}: tp ${m.tp} fp ${m.fp} fn ${m.fn} tn ${m.tn})`;
}
