/**
 * Cross-validated story figures: `npm run eval:stories:cv [-- --k 5] [--no-dates] [--relative-days] [--json] [--write <file>]`.
 * Both dev corpus files, k folds grouped by story and repost (bench/cv/grouped-folds.ts). For each fold a small grid
 * over the link thresholds is searched on the other folds (maximise pairwise F1 subject to P ≥ 0.90, else best F1);
 * the whole stream is then clustered with those thresholds and every pair involving a held-out item is scored (a
 * held-out item joined to another fold's story is a false positive); pair counts are summed over folds. The in-sample figure (grid chosen on all items, scored on all) and the default thresholds
 * are printed beside it. `--write` stores the all-items fit as JSON (`npm run fit:stories`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { StoryIndex } from '../../src/dedupe/story-index.js';
import type { LinkThresholds } from '../../src/dedupe/story-scoring.js';
import type { Gazetteer } from '../../src/dedupe/gazetteer.js';
import { crossValidationSplits } from '../cv/grouped-folds.js';
import { DEV_CORPUS_FILES } from '../cv/dev-corpus.js';
import { loadEvalGazetteer } from './load-eval-gazetteer.js';
import { countPairs } from './pairwise-metrics.js';
import type { GoldItem } from './pairwise-metrics.js';

interface CorpusItem extends GoldItem {
  url?: string;
  text: string;
  date?: string | null;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  crossFound: number;
  crossGold: number;
  /** Gold reposts (`repost_of` set) among the scored items, those marked duplicate, and items marked wrongly. */
  reposts: number;
  repostsFound: number;
  falseReposts: number;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIN_PRECISION = 0.9;
/** `--relative-days`: the experimental relative-day anchors (StoryIndexOptions.relativeDays). */
let relativeDays = false;

/** The searched grid: the thresholds that decide most links (the others keep their defaults). */
function grid(): Array<Partial<LinkThresholds>> {
  const out: Array<Partial<LinkThresholds>> = [];
  for (const text of [0.08, 0.1, 0.12])
    for (const textAlone of [0.09, 0.12])
      for (const crossAnchors of [0.5, 0.6])
        for (const vetoConflict of [1.5, 2, 3, 99]) out.push({ text, textAlone, crossAnchors, vetoConflict });
  return out;
}

function cluster(
  items: readonly CorpusItem[],
  gazetteer: Gazetteer,
  thresholds: Partial<LinkThresholds>,
  noDates: boolean,
  scoreOn?: readonly CorpusItem[],
): Counts {
  const index = new StoryIndex({ gazetteer, thresholds, relativeDays });
  const predicted = new Map<string, string>();
  const duplicateOf = new Map<string, string | null>();
  for (const item of items) {
    const a = index.assign({
      id: item.id,
      lang: item.lang,
      text: item.text,
      url: item.url ?? null,
      publishedAt: noDates ? null : (item.date ?? null),
    });
    predicted.set(item.id, a.storyId);
    duplicateOf.set(item.id, a.duplicateOf);
  }
  // Every pair with at least one scored item: a held-out item wrongly joined to another fold's story is a false
  // positive (a cross-fold pair is scored once from each side, each time with that fold's thresholds).
  const scored = scoreOn ? new Set(scoreOn.map((item) => item.id)) : undefined;
  const c = countPairs(items, predicted, scored);
  let reposts = 0;
  let repostsFound = 0;
  let falseReposts = 0;
  for (const item of scoreOn ?? items) {
    const marked = duplicateOf.get(item.id) ?? null;
    if (item.repost_of) {
      reposts++;
      if (marked !== null) repostsFound++;
    } else if (marked !== null) falseReposts++;
  }
  return {
    tp: c.tp,
    fp: c.fp,
    fn: c.fn,
    crossFound: c.crossFound,
    crossGold: c.crossGold,
    reposts,
    repostsFound,
    falseReposts,
  };
}

const prf = (c: Counts) => {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    precision,
    recall,
    f1,
    crossRecall: c.crossGold ? c.crossFound / c.crossGold : 1,
    reposts: `${c.repostsFound}/${c.reposts}`,
    falseReposts: c.falseReposts,
  };
};

/** Best grid point on `items`: highest F1 among points with P ≥ 0.90, or highest F1 when none reaches it. */
function fit(items: readonly CorpusItem[], gazetteer: Gazetteer, noDates: boolean): Partial<LinkThresholds> {
  let best: { t: Partial<LinkThresholds>; ok: boolean; f1: number } | null = null;
  for (const t of grid()) {
    const m = prf(cluster(items, gazetteer, t, noDates));
    const ok = m.precision >= MIN_PRECISION;
    if (!best || (ok && !best.ok) || (ok === best.ok && m.f1 > best.f1)) best = { t, ok, f1: m.f1 };
  }
  return best?.t ?? {};
}

function add(a: Counts, b: Counts): Counts {
  return {
    tp: a.tp + b.tp,
    fp: a.fp + b.fp,
    fn: a.fn + b.fn,
    crossFound: a.crossFound + b.crossFound,
    crossGold: a.crossGold + b.crossGold,
    reposts: a.reposts + b.reposts,
    repostsFound: a.repostsFound + b.repostsFound,
    falseReposts: a.falseReposts + b.falseReposts,
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      k: { type: 'string', default: '5' },
      'no-dates': { type: 'boolean', default: false },
      'relative-days': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      write: { type: 'string' },
    },
  });
  const k = Number(values.k);
  const noDates = values['no-dates'];
  relativeDays = values['relative-days'];
  const items: CorpusItem[] = DEV_CORPUS_FILES.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as CorpusItem),
  );
  const { gazetteer } = loadEvalGazetteer(repoRoot, true);
  const defaults = prf(cluster(items, gazetteer, {}, noDates));
  const inSampleT = fit(items, gazetteer, noDates);
  const inSample = prf(cluster(items, gazetteer, inSampleT, noDates));
  let cv: Counts = {
    tp: 0,
    fp: 0,
    fn: 0,
    crossFound: 0,
    crossGold: 0,
    reposts: 0,
    repostsFound: 0,
    falseReposts: 0,
  };
  const perFold: Array<{ fold: number; thresholds: Partial<LinkThresholds> }> = [];
  for (const { fold, train, test } of crossValidationSplits(items, k)) {
    const t = fit(train, gazetteer, noDates);
    perFold.push({ fold, thresholds: t });
    // The held-out fold is clustered inside the whole stream (its document frequencies and distractors are
    // realistic); the pairs involving a held-out item are scored; the thresholds were chosen without it.
    cv = add(cv, cluster(items, gazetteer, t, noDates, test));
  }
  const cvFig = prf(cv);
  if (values.write) {
    // `npm run fit:stories`: the thresholds fitted on all items, with the figures that justify them, as data.
    const record = {
      fittedOn: items.length,
      minPrecision: MIN_PRECISION,
      noDates,
      thresholds: inSampleT,
      inSample,
      crossValidated: cvFig,
    };
    writeFileSync(path.resolve(values.write), `${JSON.stringify(record, null, 2)}\n`);
  }
  if (values.json) {
    console.log(
      JSON.stringify(
        { items: items.length, k, noDates, defaults, inSample, inSampleT, cv: cvFig, perFold },
        null,
        2,
      ),
    );
    return;
  }
  const line = (m: ReturnType<typeof prf>) =>
    `P ${m.precision.toFixed(3)}  R ${m.recall.toFixed(3)}  F1 ${m.f1.toFixed(3)}  Ar↔En recall ${m.crossRecall.toFixed(3)}  reposts ${m.reposts} (${m.falseReposts} false)`;
  console.log(
    `${items.length} items, ${k}-fold CV grouped by story${noDates ? ', publication dates removed' : ''}`,
  );
  console.log(`default thresholds      ${line(defaults)}`);
  console.log(`in-sample (fit on all)  ${line(inSample)}  ${JSON.stringify(inSampleT)}`);
  console.log(
    `cross-validated         ${line(cvFig)}  (pairs involving a held-out item, clustered in the whole stream)`,
  );
  for (const f of perFold) console.log(`  fold ${f.fold}: ${JSON.stringify(f.thresholds)}`);
}

main();
