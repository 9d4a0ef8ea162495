/**
 * `node --expose-gc --import tsx bench/stories/story-memory-breakdown.ts [--items 2000 --seed 7]`: where the story
 * index's bytes per held item go. Builds the index as `bench:story-memory` does (the pipeline benchmark's constructed
 * articles, the app's options), then drops its structures one at a time (the held items' fields first, then the
 * index's tables) and prints the heap (JS heap plus typed arrays' backing stores) each drop frees, per held item.
 * It reaches into private fields by name, so it reads the index as it is built now: a renamed field prints 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StoryIndex } from '../../src/dedupe/story-index.js';
import { loadStoryIndexOptions } from '../../src/dedupe/load-gazetteer-dir.js';
import { buildVocabulary, seededRng } from '../sim/article-text.js';
import { memoryBenchItem } from './memory-bench-items.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '7' },
    corpus: { type: 'string', default: resolve('bench/data/corpus/relevance-dev.jsonl') },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const collect = gc;
type Rec = Record<string, unknown>;
const rec = (x: unknown): Rec => x as Rec;
const held = (): number => process.memoryUsage().heapUsed + process.memoryUsage().external;
/** Full GCs with pauses: typed arrays' backing stores are freed off the main thread. */
async function settle(): Promise<number> {
  for (let k = 0; k < 3; k++) {
    collect();
    await new Promise((r) => setTimeout(r, 200));
  }
  return held();
}

const count = Number(values.items);
const rng = seededRng(Number(values.seed));
const vocab = buildVocabulary(
  existsSync(values.corpus) ? readFileSync(values.corpus, 'utf8').split('\n') : null,
);
const start = Date.now() - count * 60_000;
const index = new StoryIndex(loadStoryIndexOptions(resolve('topics')));
const before = await settle();
for (let i = 0; i < count; i++) {
  index.assign(memoryBenchItem(rng, vocab, start, i));
}
const size = index.size;
let last = await settle();
const ix = rec(index);
const terms = rec(ix.terms);
console.log(
  `${size} items held: ${Math.round((last - before) / size)} bytes per held item; ` +
    `${Math.round(Number(terms.keyCount) / size)} distinct term keys per item`,
);
const entries = [...(ix.entries as Map<string, Rec>).values()];
const dropEntryField = (field: string) => () => {
  for (const e of entries) e[field] = null;
};
const steps: Array<[string, () => void]> = [
  ['entry: assignment (reasons, ids)', dropEntryField('assignment')],
  ['entry: item (id, URL, dates)', dropEntryField('item')],
  ['entry: features (shingles, sketch, exact key)', dropEntryField('features')],
  ['entry: anchors vector', dropEntryField('anchors')],
  ['entry: term vector and lead', () => (dropEntryField('terms')(), dropEntryField('lead')())],
  ['entry: event signature', dropEntryField('signature')],
  ['entry: paragraph hashes', dropEntryField('paragraphs')],
  ['entry: URL keys', () => (dropEntryField('urlKey')(), dropEntryField('stableId')())],
  ['story profiles', () => (ix.profiles = null)],
  ['background paragraph counts', () => (ix.paragraphs = null)],
  ['URL / stable id / exact maps', () => ((ix.byUrl = null), (ix.byStableId = null), (ix.byExact = null))],
  ['term index: key table (64-bit hashes)', () => (terms.idOfKey = null)],
  ['term index: posting lists', () => (terms.postings = null)],
  [
    'term index: frequencies, flags',
    () => ((terms.docFreq = null), (terms.isGeneric = null), (terms.bigDf = null)),
  ],
  ['anchor index', () => (ix.anchors = null)],
  [
    'entries and slot maps, entry objects',
    () => ((ix.entries = null), (ix.bySlot = null), (entries.length = 0)),
  ],
];
for (const [label, drop] of steps) {
  drop();
  const now = await settle();
  console.log(`  ${label.padEnd(44)} ${String(Math.round((last - now) / size)).padStart(6)} bytes`);
  last = now;
}
