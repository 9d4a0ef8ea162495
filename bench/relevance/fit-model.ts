/**
 * The relevance fit the committed scripts use (`npm run fit:relevance`, and inside every fold of
 * `npm run eval:relevance-cv`): sign-constrained logistic regression (fit-weights.ts) shrunk towards the topic
 * file's hand-set weights, with the shrinkage strength chosen by an inner cross-validation grouped by story on the
 * training items only (mean log-loss of the linear score on the inner held-out folds). Nothing is set by hand here
 * except the candidate grid.
 */
import type { CompiledTopic } from '../../src/classify/compile-topic.js';
import { FEATURE_NAMES, yamlFeatureWeights, type FittedWeights } from '../../src/classify/fitted-weights.js';
import { crossValidationSplits, type FoldItem } from '../cv/grouped-folds.js';
import { fitWeights, type FitRow } from './fit-weights.js';

/** Candidate L2 strengths (towards the hand-set weights). */
export const L2_GRID: readonly number[] = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3];
const INNER_FOLDS = 4;

export type GroupedRow = FitRow & FoldItem;

function logLoss(fitted: FittedWeights, rows: readonly FitRow[]): number {
  let sum = 0;
  for (const r of rows) {
    let z = fitted.bias;
    for (const n of FEATURE_NAMES) z += fitted.weights[n] * r.features[n];
    const p = Math.min(1 - 1e-9, Math.max(1e-9, 1 / (1 + Math.exp(-z))));
    sum -= r.label === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / Math.max(1, rows.length);
}

/** Fit on `rows` (features + label + story grouping): L2 chosen by inner grouped CV, then refitted on all rows. */
export function fitRelevance(rows: readonly GroupedRow[], topic: CompiledTopic): FittedWeights {
  const prior = { bias: topic.weights.bias, weights: yamlFeatureWeights(topic.weights) };
  const splits = crossValidationSplits(rows, INNER_FOLDS);
  let best = L2_GRID[0]!;
  let bestLoss = Infinity;
  const losses: Record<string, number> = {};
  for (const l2 of L2_GRID) {
    let loss = 0;
    for (const split of splits) loss += logLoss(fitWeights(split.train, topic.id, { l2, prior }), split.test);
    loss /= splits.length;
    losses[String(l2)] = Math.round(loss * 1e4) / 1e4;
    if (loss < bestLoss) [best, bestLoss] = [l2, loss];
  }
  const fitted = fitWeights(rows, topic.id, { l2: best, prior });
  return {
    ...fitted,
    fit: { ...fitted.fit, l2Grid: [...L2_GRID], innerFolds: INNER_FOLDS, innerLogLoss: losses },
  };
}
