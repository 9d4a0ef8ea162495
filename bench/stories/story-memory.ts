/**
 * `npm run bench:story-memory [-- --items 2000 --seed 7]`: heap the story index keeps per held item. A running raqib
 * holds every item fetched within STORY_WINDOW_HOURS in this index, so this figure times the items that arrive in
 * one window is most of a worker's heap growth. Items are the constructed articles of the pipeline benchmark's
 * simulated outlets (bench/sim/article-text.ts: drawdown reports and everyday news in Arabic and English, padded
 * with the corpus's off-topic sentences), all inside one window. The heap is measured before the items are made
 * and after the index has taken them and the bench has dropped its own references, so the figure is everything
 * the index keeps of an item: its features, vectors, posting lists and key dictionary, and whatever it keeps of the
 * item itself, typed arrays' backing stores (outside V8's heap) included. It also prints that figure times 60,000 (issue 23: 20,000 items a day over a 72 h window).
 * Needs --expose-gc (the npm script passes it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StoryIndex, type StoryCandidate } from '../../src/dedupe/story-index.js';
import { loadStoryIndexOptions } from '../../src/dedupe/load-gazetteer-dir.js';
import { buildVocabulary, seededRng } from '../sim/article-text.js';
import { memoryBenchItem } from './memory-bench-items.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '7' },
    corpus: { type: 'string', default: resolve('bench/data/corpus/relevance-dev.jsonl') },
    json: { type: 'boolean', default: false },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:story-memory does)');

/** JS heap plus the typed arrays' backing stores (V8 keeps those outside the heap, in `external`). */
const held = (): number => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
};
const count = Number(values.items);
const rng = seededRng(Number(values.seed));
const vocab = buildVocabulary(
  existsSync(values.corpus) ? readFileSync(values.corpus, 'utf8').split('\n') : null,
);
const start = Date.now() - count * 60_000;
gc();
const before = held();
const items: Array<StoryCandidate | undefined> = Array.from({ length: count }, (_, i) =>
  memoryBenchItem(rng, vocab, start, i),
);

const meanTextChars = Math.round(items.reduce((a, x) => a + (x?.text.length ?? 0), 0) / count);
// Built as the app builds it: the topics directory's gazetteer and fitted thresholds.
const index = new StoryIndex(loadStoryIndexOptions(resolve('topics')));
const cpu0 = process.cpuUsage();
for (let i = 0; i < count; i++) {
  const item = items[i];
  if (item) index.assign(item);
  items[i] = undefined;
}
const cpu = process.cpuUsage(cpu0);
gc();
const after = held();
const result = {
  items: count,
  held: index.size,
  meanTextChars,
  bytesPerHeldItem: Math.round((after - before) / index.size),
  kbPerHeldItem: Math.round(((after - before) / index.size / 1024) * 10) / 10,
  mbAt60000: Math.round((((after - before) / index.size) * 60_000) / 1048576),
  indexHeapMb: Math.round(((after - before) / 1048576) * 10) / 10,
  msPerItem: Math.round(((cpu.user + cpu.system) / 1000 / count) * 100) / 100,
  cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
};
if (values.json) console.log(JSON.stringify(result, null, 2));
else
  console.log(
    `story index: ${result.held} items held (mean text ${result.meanTextChars} characters): ${result.indexHeapMb} MB, ` +
      `${result.bytesPerHeldItem} bytes (${result.kbPerHeldItem} kB) per held item, ${result.mbAt60000} MB at 60,000 held items; ${result.msPerItem} ms CPU per item, ${result.cpuSeconds} s CPU for ${result.items} items`,
  );
