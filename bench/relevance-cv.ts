/**
 * `npm run eval:relevance-cv [-- --json] [--folds K]`
 *
 * On both vendored dev files (bench/cv/dev-corpus.ts), with and without publication dates:
 * - in-sample P/R/F1 at the topic file's alert threshold, overall and per language;
 * - k-fold cross-validation grouped by story (bench/cv/grouped-folds.ts): the only parameter set from data here,
 *   the alert threshold, is chosen on the other folds (best F1, ties to the higher threshold) and applied to the
 *   held-out fold, so the figure says how well a threshold picked on seen stories carries to unseen ones;
 * - flashes derived from the corpus: headline + first sentence of each on-topic item, the share that still
 *   alerts next to the share of the full reports that alert;
 * - CPU ms per item.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import process from 'node:process';
import { classifyItem } from '../src/classify/classify-item.js';
import { loadTopics } from '../src/classify/load-topics.js';
import type { CompiledTopic } from '../src/classify/compile-topic.js';
import { featureRows, fitWeights, withFitted } from './relevance/fit-weights.js';
import { DEV_CORPUS_FILES } from './cv/dev-corpus.js';
import { crossValidationSplits } from './cv/grouped-folds.js';
import { flashOf } from './relevance/flash.js';
import { readLabelledItems, type LabelledItem } from './relevance/labelled-items.js';
import { computeMetrics, formatMetrics, type Metrics } from './relevance/metrics.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    folds: { type: 'string', default: '5' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: npm run eval:relevance-cv -- [--json] [--folds K]');
  process.exit(0);
}
const k = Number(values.folds);
if (!Number.isInteger(k) || k < 2) {
  console.error('--folds must be an integer ≥ 2');
  process.exit(2);
}
const topic = loadTopics(resolve(repoRoot, 'topics')).find((t) => t.id === 'iraq-drawdown');
if (!topic) throw new Error('topic iraq-drawdown not found');
const items: LabelledItem[] = DEV_CORPUS_FILES.flatMap((f) => readLabelledItems(f));

interface Scored {
  item: LabelledItem;
  score: number;
}

const score = (item: LabelledItem, dates: boolean, text = item.text, t: CompiledTopic = topic): number =>
  classifyItem({ title: item.title, text, lang: item.lang, publishedAt: dates ? item.date : null }, t).score;

function metricsAt(rows: readonly Scored[], threshold: number, lang?: string): Metrics {
  return computeMetrics(
    rows
      .filter((r) => lang === undefined || r.item.lang === lang)
      .map((r) => ({ label: r.item.label, predicted: r.score >= threshold })),
  );
}

/** The threshold with the best F1 on `rows` (candidates: every distinct score), ties to the higher one. */
function bestThreshold(rows: readonly Scored[], fallback = topic!.thresholds.alert): number {
  const candidates = [...new Set(rows.map((r) => r.score))].sort((a, b) => b - a);
  let best = fallback;
  let bestF1 = -1;
  for (const t of candidates) {
    const f1 = metricsAt(rows, t).f1;
    if (f1 > bestF1) [best, bestF1] = [t, f1];
  }
  return best;
}

function evaluate(dates: boolean) {
  const rows: Scored[] = items.map((item) => ({ item, score: score(item, dates) }));
  const byId = new Map(rows.map((r) => [r.item.id, r]));
  const inSample = {
    overall: metricsAt(rows, topic!.thresholds.alert),
    ar: metricsAt(rows, topic!.thresholds.alert, 'ar'),
    en: metricsAt(rows, topic!.thresholds.alert, 'en'),
  };
  const cvPairs: { label: number; predicted: boolean; lang: string | null | undefined }[] = [];
  const thresholds: number[] = [];
  for (const split of crossValidationSplits(items, k)) {
    const t = bestThreshold(split.train.map((i) => byId.get(i.id)!));
    thresholds.push(t);
    for (const i of split.test)
      cvPairs.push({ label: i.label, predicted: byId.get(i.id)!.score >= t, lang: i.lang });
  }
  const cv = {
    overall: computeMetrics(cvPairs),
    ar: computeMetrics(cvPairs.filter((p) => p.lang === 'ar')),
    en: computeMetrics(cvPairs.filter((p) => p.lang === 'en')),
    thresholds,
  };
  return { inSample, cv };
}

function flashes() {
  const onTopic = items.filter((i) => i.label === 1);
  let full = 0;
  let flash = 0;
  for (const item of onTopic) {
    if (score(item, true) >= topic!.thresholds.alert) full += 1;
    if (score(item, true, flashOf(item)) >= topic!.thresholds.alert) flash += 1;
  }
  return { n: onTopic.length, fullShare: full / onTopic.length, flashShare: flash / onTopic.length };
}

function msPerItem(): number {
  let best = Infinity;
  for (let pass = 0; pass < 3; pass += 1) {
    const start = process.cpuUsage();
    for (const item of items) score(item, true);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / items.length);
  }
  return best;
}

/**
 * The fitted weights, refitted inside each fold on the other folds only (with dates), then the threshold picked
 * on the other folds with those weights; flashes of the held-out on-topic items scored the same way.
 */
function evaluateFitted() {
  const yamlTopic: CompiledTopic = { ...topic!, fitted: undefined };
  const asInput = (i: LabelledItem) => ({
    title: i.title,
    text: i.text,
    lang: i.lang,
    publishedAt: i.date,
    label: i.label,
  });
  const rows = featureRows(items.map(asInput), yamlTopic);
  const rowOf = new Map(items.map((item, j) => [item.id, rows[j]!]));
  const all = withFitted(yamlTopic, fitWeights(rows, topic!.id));
  const inRows = (dates: boolean) =>
    items.map((item) => ({ item, score: score(item, dates, item.text, all) }));
  const alert = topic!.thresholds.alert;
  const inSample = { dates: metricsAt(inRows(true), alert), noDates: metricsAt(inRows(false), alert) };
  const pairs = { dates: [] as Pair[], noDates: [] as Pair[] };
  const thresholds: number[] = [];
  let flash = 0;
  let onTopic = 0;
  for (const split of crossValidationSplits(items, k)) {
    const t = withFitted(
      yamlTopic,
      fitWeights(
        split.train.map((i) => rowOf.get(i.id)!),
        topic!.id,
      ),
    );
    const threshold = bestThreshold(
      split.train.map((item) => ({ item, score: score(item, true, item.text, t) })),
      0.5,
    );
    thresholds.push(threshold);
    for (const i of split.test) {
      pairs.dates.push({ label: i.label, predicted: score(i, true, i.text, t) >= threshold, lang: i.lang });
      pairs.noDates.push({
        label: i.label,
        predicted: score(i, false, i.text, t) >= threshold,
        lang: i.lang,
      });
      if (i.label === 1) {
        onTopic += 1;
        if (score(i, true, flashOf(i), t) >= threshold) flash += 1;
      }
    }
  }
  const summary = (p: Pair[]) => ({
    overall: computeMetrics(p),
    ar: computeMetrics(p.filter((x) => x.lang === 'ar')),
    en: computeMetrics(p.filter((x) => x.lang === 'en')),
  });
  return {
    weightsInSample: all.fitted,
    inSample,
    cv: { dates: summary(pairs.dates), noDates: summary(pairs.noDates), thresholds },
    cvFlashShare: flash / Math.max(1, onTopic),
  };
}

type Pair = { label: number; predicted: boolean; lang: string | null | undefined };

const result = {
  items: items.length,
  folds: k,
  dates: evaluate(true),
  noDates: evaluate(false),
  flashes: flashes(),
  fitted: evaluateFitted(),
  msPerItem: msPerItem(),
};
if (values.json) console.log(JSON.stringify(result, null, 2));
else {
  const out = [`iraq-drawdown · ${result.items} items (both dev files) · ${k}-fold CV grouped by story`];
  for (const [name, r] of [
    ['with dates', result.dates],
    ['no dates', result.noDates],
  ] as const) {
    out.push('', `${name}:`);
    out.push(`  in-sample (alert ≥ ${topic.thresholds.alert})  ${formatMetrics(r.inSample.overall)}`);
    out.push(`    ar ${formatMetrics(r.inSample.ar)}`, `    en ${formatMetrics(r.inSample.en)}`);
    out.push(
      `  cross-validated (threshold per fold: ${r.cv.thresholds.join(', ')})  ${formatMetrics(r.cv.overall)}`,
    );
    out.push(`    ar ${formatMetrics(r.cv.ar)}`, `    en ${formatMetrics(r.cv.en)}`);
  }
  const f = result.flashes;
  out.push(
    '',
    `flashes (headline + first sentence of the ${f.n} on-topic items): ${(100 * f.flashShare).toFixed(1)} % alert, full reports ${(100 * f.fullShare).toFixed(1)} %`,
    `speed: ${result.msPerItem.toFixed(3)} ms CPU per item`,
  );
  const fr = result.fitted;
  out.push(
    '',
    'fitted weights (sign-constrained logistic regression, refitted inside each fold on the other folds):',
    `  in-sample, fit on all items (alert ≥ ${topic.thresholds.alert})  dates ${formatMetrics(fr.inSample.dates)}`,
    `    no dates ${formatMetrics(fr.inSample.noDates)}`,
    `  cross-validated (threshold per fold: ${fr.cv.thresholds.join(', ')})  ${formatMetrics(fr.cv.dates.overall)}`,
    `    ar ${formatMetrics(fr.cv.dates.ar)}`,
    `    en ${formatMetrics(fr.cv.dates.en)}`,
    `    no dates ${formatMetrics(fr.cv.noDates.overall)}`,
    `    no dates ar ${formatMetrics(fr.cv.noDates.ar)}`,
    `    no dates en ${formatMetrics(fr.cv.noDates.en)}`,
    `  flashes of held-out on-topic items: ${(100 * fr.cvFlashShare).toFixed(1)} % alert`,
  );
  console.log(out.join('\n'));
}
