/**
 * Sign-constrained L2 logistic regression of the relevance weights over the classifier's evidence features
 * (src/classify/fitted-weights.ts). Written by hand: 17 features and a few hundred items need only projected
 * full-batch gradient descent, and no maintained JS library offers box constraints on logistic weights.
 * Evidence-for features are clipped at ≥ 0, evidence-against at ≤ 0 after each step; the bias is free.
 */
import { classifyWithFeatures, type ClassifiableItem } from '../../src/classify/classify-item.js';
import type { CompiledTopic } from '../../src/classify/compile-topic.js';
import {
  FEATURE_NAMES,
  FEATURE_SIGNS,
  type FeatureVector,
  type FittedWeights,
} from '../../src/classify/fitted-weights.js';

export interface FitRow {
  features: FeatureVector;
  label: number;
}

export interface FitOptions {
  l2?: number;
  /**
   * Weights to shrink towards (and start from) instead of zero: the topic file's hand-set weights, so the fit
   * moves a weight only as far as the data pulls it. The bias is never penalised.
   */
  prior?: { bias: number; weights: FeatureVector };
  iterations?: number;
  learningRate?: number;
}

/** Feature vectors of `items` as the classifier computes them (features do not depend on the weights). */
export function featureRows(
  items: readonly (ClassifiableItem & { label: number })[],
  topic: CompiledTopic,
): FitRow[] {
  return items.map((item) => ({ features: classifyWithFeatures(item, topic).features, label: item.label }));
}

/** Fit bias + weights on `rows`; deterministic (zero start, fixed step count). */
export function fitWeights(
  rows: readonly FitRow[],
  topicId: string,
  options: FitOptions = {},
): FittedWeights {
  const { l2 = 0.01, iterations = 4000, learningRate = 0.5, prior } = options;
  const d = FEATURE_NAMES.length;
  const w0 = FEATURE_NAMES.map((name) => prior?.weights[name] ?? 0);
  const x = rows.map((r) => FEATURE_NAMES.map((n) => r.features[n]));
  const y = rows.map((r) => r.label);
  const w = [...w0];
  let b = prior?.bias ?? 0;
  const n = Math.max(1, rows.length);
  for (let it = 0; it < iterations; it += 1) {
    const grad = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < x.length; i += 1) {
      const xi = x[i]!;
      let z = b;
      for (let j = 0; j < d; j += 1) z += w[j]! * xi[j]!;
      const err = 1 / (1 + Math.exp(-z)) - y[i]!;
      gb += err;
      for (let j = 0; j < d; j += 1) grad[j] = grad[j]! + err * xi[j]!;
    }
    b -= (learningRate * gb) / n;
    for (let j = 0; j < d; j += 1) {
      const next = w[j]! - learningRate * (grad[j]! / n + l2 * (w[j]! - w0[j]!));
      const sign = FEATURE_SIGNS[FEATURE_NAMES[j]!];
      w[j] = sign > 0 ? Math.max(0, next) : Math.min(0, next);
    }
  }
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    topicId,
    bias: round(b),
    weights: Object.fromEntries(FEATURE_NAMES.map((name, j) => [name, round(w[j]!)])) as FeatureVector,
    fit: {
      method: 'sign-constrained logistic regression, projected gradient descent',
      l2,
      prior: prior ? 'topic file weights' : 'zero',
      iterations,
      items: rows.length,
    },
  };
}

/** A copy of `topic` that scores with `fitted`. */
export const withFitted = (topic: CompiledTopic, fitted: FittedWeights): CompiledTopic => ({
  ...topic,
  fitted,
});
