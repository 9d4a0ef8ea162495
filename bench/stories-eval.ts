/**
 * Story clustering evaluation: `npm run eval:stories [-- --corpus <jsonl>] [--no-topic] [--scale 10000] [--json]
 * [--thresholds '{"text":0.08}']`.
 * Feeds the corpus through StoryIndex in file order and prints pairwise precision / recall / F1 of same-story pairs,
 * cross-language recall, which `repost_of` pairs were caught, every miss with its evidence, and word-Jaccard and
 * title-hash baselines. `--scale N` (or `--scale 1000,5000,10000`) times N synthetic items.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { normalizeArabic, tokenize } from '../src/shared/text/normalize-arabic.js';
import { StoryIndex } from '../src/dedupe/story-index.js';
import type { StoryAssignment } from '../src/dedupe/story-index.js';
import type { LinkThresholds } from '../src/dedupe/story-scoring.js';
import { loadEvalGazetteer } from './stories/load-eval-gazetteer.js';
import { clusterByPredicate, countPairs } from './stories/pairwise-metrics.js';
import type { GoldItem, PairCounts } from './stories/pairwise-metrics.js';
import { runScale } from './stories/run-scale.js';

interface CorpusItem extends GoldItem {
  url?: string;
  text: string;
  date?: string | null;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.resolve(repoRoot, 'bench/data/corpus/relevance-dev.jsonl') },
    'no-topic': { type: 'boolean', default: false },
    scale: { type: 'string' },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    thresholds: { type: 'string' },
  },
});

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const summary = (c: PairCounts): string =>
  `P ${c.precision.toFixed(3)}  R ${c.recall.toFixed(3)}  F1 ${c.f1.toFixed(3)}  (tp ${c.tp}, fp ${c.fp}, fn ${c.fn}; cross-language ${c.crossFound}/${c.crossGold})`;

function loadCorpus(file: string): CorpusItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusItem);
}

function evaluate(): void {
  const items = loadCorpus(values.corpus);
  const { gazetteer, sources } = loadEvalGazetteer(repoRoot, !values['no-topic']);
  const thresholds = values.thresholds
    ? (JSON.parse(values.thresholds) as Partial<LinkThresholds>)
    : undefined;
  const index = new StoryIndex({ gazetteer, ...(thresholds ? { thresholds } : {}) });
  const assignments = new Map<string, StoryAssignment>();
  for (const item of items) {
    // The corpus `date` is the date the page shows: the nearest thing to the feed's publishedAt.
    const candidate = {
      id: item.id,
      lang: item.lang,
      text: item.text,
      url: item.url ?? null,
      publishedAt: item.date ?? null,
    };
    assignments.set(item.id, index.assign(candidate));
  }
  const predicted = new Map([...assignments].map(([id, a]) => [id, a.storyId]));
  const ours = countPairs(items, predicted);

  const wordSets = items.map((item) => new Set(tokenize(normalizeArabic(item.text))));
  const jaccard = (a: Set<string>, b: Set<string>): number => {
    let shared = 0;
    for (const w of a) if (b.has(w)) shared++;
    return shared / (a.size + b.size - shared || 1);
  };
  const ids = items.map((item) => item.id);
  const baselineJaccard = countPairs(
    items,
    clusterByPredicate(ids, (i, j) => jaccard(wordSets[i]!, wordSets[j]!) >= 0.5),
  );
  const firstLine = items.map((item) =>
    tokenize(normalizeArabic(item.text.trim().split('\n')[0] ?? ''))
      .slice(0, 12)
      .join(' '),
  );
  const baselineTitle = countPairs(
    items,
    clusterByPredicate(ids, (i, j) => firstLine[i] !== '' && firstLine[i] === firstLine[j]),
  );

  const reposts = items
    .filter((item) => item.repost_of)
    .map((item) => {
      const a = assignments.get(item.id);
      const original = item.repost_of ?? '';
      const duplicate =
        a?.duplicateOf === original ||
        (a?.duplicateOf != null && a.duplicateOf === assignments.get(original)?.duplicateOf);
      return {
        id: item.id,
        original,
        duplicate,
        sameStory: a?.storyId === assignments.get(original)?.storyId,
        reasons: a?.reasons ?? [],
      };
    });

  if (values.json) {
    const figures = (c: PairCounts) => ({
      precision: c.precision,
      recall: c.recall,
      f1: c.f1,
      tp: c.tp,
      fp: c.fp,
      fn: c.fn,
      crossFound: c.crossFound,
      crossGold: c.crossGold,
    });
    console.log(
      JSON.stringify(
        {
          corpus: values.corpus,
          items: items.length,
          raqib: figures(ours),
          baselineJaccard: figures(baselineJaccard),
          baselineTitleHash: figures(baselineTitle),
          reposts,
        },
        null,
        2,
      ),
    );
    return;
  }
  const storyCount = new Set(items.map((i) => i.story).filter(Boolean)).size;
  console.log(
    `corpus ${path.relative(process.cwd(), values.corpus)}: ${items.length} items, ${storyCount} gold stories, ${ours.tp + ours.fn} same-story pairs`,
  );
  console.log(`gazetteer: ${sources.join(' + ')} (${gazetteer.entities.length} entities)\n`);
  console.log(`raqib StoryIndex          ${summary(ours)}`);
  console.log(`baseline word Jaccard≥0.5 ${summary(baselineJaccard)}`);
  console.log(`baseline first-line hash  ${summary(baselineTitle)}`);
  console.log(
    `cross-language recall: ${ours.crossFound}/${ours.crossGold} (${pct(ours.crossGold ? ours.crossFound / ours.crossGold : 0)})`,
  );
  console.log(
    `\nreposts (repost_of): ${reposts.filter((r) => r.duplicate).length}/${reposts.length} marked duplicateOf`,
  );
  for (const r of reposts)
    console.log(
      `  ${r.duplicate ? 'found ' : 'MISSED'} ${r.id} → ${r.original}  same story: ${r.sameStory}  ${r.reasons.join(' ')}`,
    );
  const goldReposts = new Set(reposts.map((r) => r.id));
  const extraDuplicates = [...assignments].filter(
    ([id, a]) => a.duplicateOf !== null && !goldReposts.has(id),
  );
  console.log(
    `duplicateOf set on items without repost_of: ${extraDuplicates.length}` +
      (extraDuplicates.length
        ? ` (${extraDuplicates.map(([id, a]) => `${id}→${a.duplicateOf}`).join(', ')})`
        : ''),
  );
  if (values.quiet) return;
  const gold = new Map(items.map((i) => [i.id, i.story]));
  const detail = (a: string, b: string): string => {
    const pair = index.explainPair(a, b);
    if (!pair) return '';
    return `strength ${pair.strength.toFixed(2)} text ${pair.text.toFixed(3)} anchors ${pair.anchors.toFixed(3)} specific ${pair.sharedSpecific} shared [${pair.sharedAnchors.slice(0, 8).join(', ')}]`;
  };
  console.log(`\nmissed same-story pairs (${ours.falseNegatives.length}):`);
  for (const [a, b] of ours.falseNegatives) console.log(`  ${a} ${b} ${gold.get(a)}  ${detail(a, b)}`);
  console.log(`\nwrongly joined pairs (${ours.falsePositives.length}):`);
  for (const [a, b] of ours.falsePositives)
    console.log(`  ${a} (${gold.get(a) ?? '-'}) ${b} (${gold.get(b) ?? '-'})  ${detail(a, b)}`);
  console.log('\nassignments joining an earlier story:');
  for (const [id, a] of assignments)
    if (a.storyId !== `st-${id}`) console.log(`  ${id} → ${a.storyId}  ${a.reasons.join(' ')}`);
}

if (values.scale) runScale(values.scale, values.json);
else evaluate();
