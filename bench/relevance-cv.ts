/**
 * `npm run eval:relevance-cv [-- --json] [--folds K]`
 *
 * On both vendored dev files (bench/cv/dev-corpus.ts), with and without publication dates:
 * - in-sample P/R/F1 at the topic file's alert threshold, overall and per language;
 * - k-fold cross-validation grouped by story (bench/cv/grouped-folds.ts): the only parameter set from data here,
 *   the alert threshold, is chosen on the other folds (best F1, ties to the higher threshold) and applied to the
 *   held-out fold, so the figure says how well a threshold picked on seen stories carries to unseen ones;
 * - flashes derived from the corpus: headline + first sentence of each on-topic item, the share that still
 *   alerts next to the share of the full reports that alert (and among those whose full report alerts), and how
 *   many flashes of off-topic items alert;
 * - cross-file (bench/relevance/cross-file.ts): every parameter (threshold; fitted weights) fitted on one dev file
 *   and tested on the other, both ways — the out-of-sample figure least touched by tuning;
 * - CPU ms per item.
 */
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import process from 'node:process';
import { classifyItem } from '../src/classify/classify-item.js';
import { loadTopics } from '../src/classify/load-topics.js';
import type { CompiledTopic } from '../src/classify/compile-topic.js';
import { featureRows, withFitted } from './relevance/fit-weights.js';
import { fitRelevance, type GroupedRow } from './relevance/fit-model.js';
import { DEV_CORPUS_FILES } from './cv/dev-corpus.js';
import { crossValidationSplits } from './cv/grouped-folds.js';
import { crossFile, type CrossFileResult, type FileSet } from './relevance/cross-file.js';
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
const fileSets: FileSet[] = DEV_CORPUS_FILES.map((f) => ({ name: basename(f), items: readLabelledItems(f) }));
const items: LabelledItem[] = fileSets.flatMap((f) => f.items);

interface Scored {
  item: LabelledItem;
  score: number;
}

/** The topic with the hand-set YAML weights, whether or not a fitted weights file is committed beside it. */
const yamlTopic: CompiledTopic = { ...topic, fitted: undefined };

const score = (item: LabelledItem, dates: boolean, text = item.text, t: CompiledTopic = yamlTopic): number =>
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

function flashes(t: CompiledTopic) {
  const onTopic = items.filter((i) => i.label === 1);
  const offTopic = items.filter((i) => i.label === 0);
  const alert = topic!.thresholds.alert;
  let full = 0;
  let flash = 0;
  let both = 0;
  for (const item of onTopic) {
    const fullAlerts = score(item, true, item.text, t) >= alert;
    const flashAlerts = score(item, true, flashOf(item), t) >= alert;
    if (fullAlerts) full += 1;
    if (flashAlerts) flash += 1;
    if (fullAlerts && flashAlerts) both += 1;
  }
  const offFlash = offTopic.filter((i) => score(i, true, flashOf(i), t) >= alert).length;
  const offFull = offTopic.filter((i) => score(i, true, i.text, t) >= alert).length;
  return {
    n: onTopic.length,
    fullShare: full / onTopic.length,
    flashShare: flash / onTopic.length,
    /** Of the on-topic items whose full report alerts, the share whose flash alerts too. */
    flashGivenFull: both / Math.max(1, full),
    offTopic: offTopic.length,
    offTopicFlashAlerts: offFlash,
    offTopicFullAlerts: offFull,
  };
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

/** Every item's grouped feature row (features never depend on the weights). */
const rowOf: Map<string, GroupedRow> = new Map(
  items.map((i) => {
    const [row] = featureRows(
      [{ title: i.title, text: i.text, lang: i.lang, publishedAt: i.date, label: i.label }],
      yamlTopic,
    );
    return [i.id, { ...row!, id: i.id, story: i.story, repost_of: i.repost_of }];
  }),
);
/** The topic scoring with weights fitted (fit-model.ts) on `train` only. */
const fittedOn = (train: readonly LabelledItem[]): CompiledTopic =>
  withFitted(
    yamlTopic,
    fitRelevance(
      train.map((i) => rowOf.get(i.id)!),
      yamlTopic,
    ),
  );

/**
 * The fitted weights (shrunk towards the hand-set ones, L2 by inner CV), refitted inside each fold on the other
 * folds only and applied at the topic's alert threshold (the fitted bias sets the cut); flashes of the held-out
 * on-topic items scored the same way.
 */
function evaluateFitted() {
  const all = fittedOn(items);
  const alert = topic!.thresholds.alert;
  const inRows = (dates: boolean) =>
    items.map((item) => ({ item, score: score(item, dates, item.text, all) }));
  const inSample = { dates: metricsAt(inRows(true), alert), noDates: metricsAt(inRows(false), alert) };
  const pairs = { dates: [] as Pair[], noDates: [] as Pair[] };
  const l2: unknown[] = [];
  let flash = 0;
  let onTopic = 0;
  for (const split of crossValidationSplits(items, k)) {
    const t = fittedOn(split.train);
    l2.push(t.fitted?.fit?.l2);
    for (const i of split.test) {
      pairs.dates.push({ label: i.label, predicted: score(i, true, i.text, t) >= alert, lang: i.lang });
      pairs.noDates.push({ label: i.label, predicted: score(i, false, i.text, t) >= alert, lang: i.lang });
      if (i.label === 1) {
        onTopic += 1;
        if (score(i, true, flashOf(i), t) >= alert) flash += 1;
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
    cv: { dates: summary(pairs.dates), noDates: summary(pairs.noDates), l2 },
    cvFlashShare: flash / Math.max(1, onTopic),
  };
}

type Pair = { label: number; predicted: boolean; lang: string | null | undefined };

/**
 * Fit on one dev file, test on the other, both ways: the hand-set weights with the alert threshold picked on the
 * training file, and the fitted weights (fitted and thresholded on the training file), with and without dates.
 */
function evaluateCrossFile() {
  const handSet = (dates: boolean) =>
    crossFile(fileSets, (train) => ({
      score: (i) => score(i, dates),
      threshold: bestThreshold(train.map((item) => ({ item, score: score(item, dates) }))),
    }));
  const fittedModels = new Map(fileSets.map((f) => [f.name, fittedOn(f.items)]));
  const alert = topic!.thresholds.alert;
  const fitted = (dates: boolean) =>
    crossFile(fileSets, (train) => {
      const t = fittedModels.get(basename(train[0]?.file ?? ''))!;
      return { score: (i) => score(i, dates, i.text, t), threshold: alert };
    });
  const flashShare = (scorer: (i: LabelledItem) => { s: number; threshold: number }) => {
    let n = 0;
    let hit = 0;
    for (const f of fileSets) {
      for (const i of f.items.filter((x) => x.label === 1)) {
        n += 1;
        const r = scorer(i);
        if (r.s >= r.threshold) hit += 1;
      }
    }
    return hit / Math.max(1, n);
  };
  const otherFile = (i: LabelledItem) => fileSets.find((f) => f.name !== basename(i.file))!;
  const handSetDates = handSet(true);
  const thresholdFor = (i: LabelledItem) =>
    handSetDates.directions.find((d) => d.train === otherFile(i).name)!.threshold;
  return {
    handSet: { dates: handSetDates, noDates: handSet(false) },
    fitted: { dates: fitted(true), noDates: fitted(false) },
    flashes: {
      handSet: flashShare((i) => ({ s: score(i, true, flashOf(i)), threshold: thresholdFor(i) })),
      fitted: flashShare((i) => ({
        s: score(i, true, flashOf(i), fittedModels.get(otherFile(i).name)!),
        threshold: alert,
      })),
    },
  };
}

function formatCrossFile(r: CrossFileResult, indent: string): string[] {
  const out = [
    `${indent}pooled (each item predicted by the model fitted on the other file)  ${formatMetrics(r.pooled.overall)}`,
    `${indent}  ar ${formatMetrics(r.pooled.ar)}`,
    `${indent}  en ${formatMetrics(r.pooled.en)}`,
  ];
  for (const d of r.directions)
    out.push(
      `${indent}fit ${d.train} → test ${d.test} (threshold ${d.threshold})  ${formatMetrics(d.metrics.overall)}`,
    );
  return out;
}

const result = {
  items: items.length,
  folds: k,
  dates: evaluate(true),
  noDates: evaluate(false),
  flashes: flashes(yamlTopic),
  /** The classifier as deployed: the fitted weights file when one is committed beside the topic. */
  deployed: { fitted: topic.fitted !== undefined, flashes: flashes(topic) },
  fitted: evaluateFitted(),
  crossFile: evaluateCrossFile(),
  msPerItem: msPerItem(),
};
if (values.json) console.log(JSON.stringify(result, null, 2));
else {
  const out = [
    `iraq-drawdown · ${result.items} items (both dev files) · ${k}-fold CV grouped by story`,
    `deployed classifier: ${result.deployed.fitted ? 'fitted weights (topics/iraq-drawdown.weights.json)' : 'hand-set YAML weights'}`,
    '',
    'hand-set YAML weights:',
  ];
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
  const d = result.deployed.flashes;
  out.push(
    '',
    `flashes, hand-set weights (headline + first sentence of the ${f.n} on-topic items): ${(100 * f.flashShare).toFixed(1)} % alert, full reports ${(100 * f.fullShare).toFixed(1)} %;`,
    `  of the on-topic items whose full report alerts, ${(100 * f.flashGivenFull).toFixed(1)} % alert as flashes too;`,
    `  off-topic: ${f.offTopicFlashAlerts} of ${f.offTopic} flashes alert (false-alert rate ${((100 * f.offTopicFlashAlerts) / f.offTopic).toFixed(1)} %; ${f.offTopicFullAlerts} full reports)`,
    `flashes, deployed classifier (in-sample when fitted): ${(100 * d.flashShare).toFixed(1)} % alert, full reports ${(100 * d.fullShare).toFixed(1)} %; given full ${(100 * d.flashGivenFull).toFixed(1)} %; off-topic flashes ${d.offTopicFlashAlerts} of ${d.offTopic} (${((100 * d.offTopicFlashAlerts) / d.offTopic).toFixed(1)} %), full ${d.offTopicFullAlerts}`,
    `speed: ${result.msPerItem.toFixed(3)} ms CPU per item`,
  );
  const fr = result.fitted;
  out.push(
    '',
    'fitted weights (sign-constrained logistic regression shrunk towards the hand-set weights, L2 by inner grouped CV;',
    '  refitted inside each fold on the other folds; alert at the topic threshold, the fitted bias sets the cut):',
    `  in-sample, fit on all items (alert ≥ ${topic.thresholds.alert})  dates ${formatMetrics(fr.inSample.dates)}`,
    `    no dates ${formatMetrics(fr.inSample.noDates)}`,
    `  cross-validated (L2 per fold: ${fr.cv.l2.join(', ')})  ${formatMetrics(fr.cv.dates.overall)}`,
    `    ar ${formatMetrics(fr.cv.dates.ar)}`,
    `    en ${formatMetrics(fr.cv.dates.en)}`,
    `    no dates ${formatMetrics(fr.cv.noDates.overall)}`,
    `    no dates ar ${formatMetrics(fr.cv.noDates.ar)}`,
    `    no dates en ${formatMetrics(fr.cv.noDates.en)}`,
    `  flashes of held-out on-topic items: ${(100 * fr.cvFlashShare).toFixed(1)} % alert`,
  );
  const cf = result.crossFile;
  out.push(
    '',
    'cross-file (out of sample: every parameter fitted on one dev file, tested on the other, both ways):',
    '  hand-set weights, alert threshold picked on the training file, with dates:',
    ...formatCrossFile(cf.handSet.dates, '    '),
    '  hand-set weights, no dates:',
    ...formatCrossFile(cf.handSet.noDates, '    '),
    '  fitted weights (fitted on the training file, alert at the topic threshold), with dates:',
    ...formatCrossFile(cf.fitted.dates, '    '),
    '  fitted weights, no dates:',
    ...formatCrossFile(cf.fitted.noDates, '    '),
    `  flashes of on-topic items, scored by the model of the other file: hand-set ${(100 * cf.flashes.handSet).toFixed(1)} %, fitted ${(100 * cf.flashes.fitted).toFixed(1)} % alert`,
  );
  console.log(out.join('\n'));
}
