/**
 * `npx tsx bench/relevance/print-errors.ts [--lang en|ar] [--flashes] [--all-reasons]`
 *
 * Prints the misclassified items of both dev files at the topic's alert threshold (with publication dates): label,
 * score, title and the start of the text, and the top reasons, so that errors can be grouped into classes.
 * With --flashes, the on-topic items whose flash (headline + first sentence) does not alert.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { classifyItem } from '../../src/classify/classify-item.js';
import { loadTopics } from '../../src/classify/load-topics.js';
import { DEV_CORPUS_FILES } from '../cv/dev-corpus.js';
import { flashOf } from './flash.js';
import { readLabelledItems } from './labelled-items.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    lang: { type: 'string' },
    flashes: { type: 'boolean', default: false },
    'all-reasons': { type: 'boolean', default: false },
  },
});
const topic = loadTopics(resolve(repoRoot, 'topics')).find((t) => t.id === 'iraq-drawdown');
if (!topic) throw new Error('topic iraq-drawdown not found');
const items = DEV_CORPUS_FILES.flatMap((f) => readLabelledItems(f)).filter(
  (i) => values.lang === undefined || i.lang === values.lang,
);
for (const item of items) {
  if (values.flashes && item.label !== 1) continue;
  const text = values.flashes ? flashOf(item) : item.text;
  const c = classifyItem({ title: item.title, text, lang: item.lang, publishedAt: item.date }, topic);
  const predicted = c.score >= topic.thresholds.alert ? 1 : 0;
  if (predicted === item.label) continue;
  const kind = item.label === 1 ? 'MISS' : 'FALSE ALERT';
  console.log(`\n== ${kind} ${item.id} [${item.lang}] score ${c.score} date ${item.date ?? '-'}`);
  console.log(`   ${(item.title ?? '').slice(0, 160)}`);
  console.log(`   ${text.replace(/\s+/g, ' ').slice(0, values.flashes ? 600 : 400)}`);
  const reasons = values['all-reasons'] ? c.reasons : c.reasons.slice(0, 8);
  for (const r of reasons) console.log(`     ${r.weight.toFixed(2).padStart(6)}  ${r.label}`);
}
