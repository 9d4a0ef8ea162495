/**
 * `npm run bench:seed-orders [-- --orders 40]`: in how many random arrival orders seeds 000 and 001 end in one
 * story among the corpus's on-topic items (see seed-orders.ts), dated and undated, with the topics directory's fit
 * (as the app loads it; `STORY_THRESHOLDS=default` for the built-in thresholds); then among the items of a demo
 * window with real text (`demoWindow`, the constructed pages filled with corpus excerpts), dated and undated.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadStoryIndexOptions } from '../../src/dedupe/load-gazetteer-dir.js';
import { demoWindow, replaySeedOrders } from './seed-orders.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '40' },
    verbose: { type: 'boolean', default: false },
    'relative-days': { type: 'boolean', default: false },
  },
});
// The app's options: the topics directory's fit (STORY_THRESHOLDS=default: the built-in thresholds).
const loaded = loadStoryIndexOptions(path.join(repoRoot, 'topics'), {
  fitted: process.env.STORY_THRESHOLDS !== 'default',
});
const options = values['relative-days'] ? { ...loaded, relativeDays: true } : loaded;
const orders = Number(values.orders);
for (const [label, noDates] of [
  ['corpus', false],
  ['corpus', true],
  ['demo window', false],
  ['demo window', true],
] as const) {
  const window = label === 'demo window' ? demoWindow(noDates) : null;
  const outcomes = window
    ? replaySeedOrders(options, orders, noDates, window.others, window.seeds)
    : replaySeedOrders(options, orders, noDates);
  const together = outcomes.filter((o) => o.together).length;
  const dated = noDates ? 'undated' : 'dated';
  console.log(`seeds 000+001 one story in ${together}/${orders} orders (${label}, ${dated})`);
  if (values.verbose)
    for (const o of outcomes.filter((x) => !x.together))
      console.log(`  order ${o.order}`, JSON.stringify(o.reasons));
}
