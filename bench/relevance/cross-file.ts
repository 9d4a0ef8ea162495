/**
 * Cross-file evaluation: every parameter fitted on one dev file, tested on the other, both ways. The two files were
 * gathered apart (other outlets, other weeks), so this is the out-of-sample figure least touched by tuning on the
 * data it reports: grouped k-fold CV still mixes both files in every training set.
 */
import type { LabelledItem } from './labelled-items.js';
import { computeMetrics, type Metrics } from './metrics.js';

export interface FileSet {
  name: string;
  items: readonly LabelledItem[];
}

/** A scorer fitted on `train`: returns the item scorer and the alert threshold picked on `train`. */
export type FitOn = (train: readonly LabelledItem[]) => {
  score: (item: LabelledItem) => number;
  threshold: number;
};

export interface LangMetrics {
  overall: Metrics;
  ar: Metrics;
  en: Metrics;
}

export interface CrossFileResult {
  directions: Array<{ train: string; test: string; threshold: number; metrics: LangMetrics }>;
  /** Every item predicted once, by the model fitted on the other file. */
  pooled: LangMetrics;
}

type Pair = { label: number; predicted: boolean; lang: string | null | undefined };

export const byLanguage = (pairs: readonly Pair[]): LangMetrics => ({
  overall: computeMetrics(pairs),
  ar: computeMetrics(pairs.filter((p) => p.lang === 'ar')),
  en: computeMetrics(pairs.filter((p) => p.lang === 'en')),
});

/** Fit on each file, test on every other one; `fitOn` must use only the items it is given. */
export function crossFile(files: readonly FileSet[], fitOn: FitOn): CrossFileResult {
  const directions: CrossFileResult['directions'] = [];
  const all: Pair[] = [];
  for (const train of files) {
    const model = fitOn(train.items);
    for (const test of files) {
      if (test === train) continue;
      const pairs = test.items.map((item) => ({
        label: item.label,
        predicted: model.score(item) >= model.threshold,
        lang: item.lang,
      }));
      all.push(...pairs);
      directions.push({
        train: train.name,
        test: test.name,
        threshold: model.threshold,
        metrics: byLanguage(pairs),
      });
    }
  }
  return { directions, pooled: byLanguage(all) };
}
