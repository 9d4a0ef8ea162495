/**
 * `npm run fit:relevance [-- --write FILE] [--json]`
 *
 * Fits the relevance weights + bias (bench/relevance/fit-model.ts: shrunk towards the topic file's hand-set weights,
 * L2 chosen by inner grouped CV) on both vendored dev files, with publication dates, and prints them; `--write topics/iraq-drawdown.weights.json` stores them where the classifier picks them
 * up. Cross-validated figures of the fit: `npm run eval:relevance-cv`.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import process from 'node:process';
import { loadTopics } from '../src/classify/load-topics.js';
import { DEV_CORPUS_FILES } from './cv/dev-corpus.js';
import { readLabelledItems } from './relevance/labelled-items.js';
import { featureRows } from './relevance/fit-weights.js';
import { fitRelevance } from './relevance/fit-model.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    write: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: npm run fit:relevance -- [--write topics/iraq-drawdown.weights.json] [--json]');
  process.exit(0);
}
const loaded = loadTopics(resolve(repoRoot, 'topics')).find((t) => t.id === 'iraq-drawdown');
if (!loaded) throw new Error('topic iraq-drawdown not found');
// Features never depend on the weights, but fit from the YAML-weighted topic so an old fitted file has no say.
const topic = { ...loaded, fitted: undefined };
const labelled = DEV_CORPUS_FILES.flatMap((f) => readLabelledItems(f));
const rows = featureRows(
  labelled.map((i) => ({ title: i.title, text: i.text, lang: i.lang, publishedAt: i.date, label: i.label })),
  topic,
).map((row, j) => ({
  ...row,
  id: labelled[j]!.id,
  story: labelled[j]!.story,
  repost_of: labelled[j]!.repost_of,
}));
const fitted = fitRelevance(rows, topic);
const json = `${JSON.stringify(fitted, null, 2)}\n`;
if (values.write) writeFileSync(resolve(values.write), json);
console.log(values.json ? json.trim() : `fitted on ${labelled.length} items:\n${json.trim()}`);
