/**
 * `npx tsx bench/stories/error-classes.ts [--no-dates] [--fold-thresholds] [--list]`: the story errors of the
 * development corpora by kind, to fix classes rather than items. Every decision of the story index (app options
 * from topics/, both dev files in order) is compared with the gold slugs:
 * - a **false merge**: the item joined a story whose founder belongs to another gold story (or either has none);
 *   counted by route (the reason's text/anchors, whether story support carried it), language pair, and dates;
 * - a **false split**: the item founded a story while an earlier report of its gold story was held; counted by
 *   language pair, dates, and how strong the closest link was.
 * Prints counts per class; `--list` adds one line per error (ids and the index's reason); `--thresholds '{json}'`
 * overrides the fitted link thresholds.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StoryIndex } from '../../src/dedupe/story-index.js';
import { loadStoryIndexOptions } from '../../src/dedupe/load-gazetteer-dir.js';
import { DEV_CORPUS_FILES } from '../cv/dev-corpus.js';

interface Item {
  id: string;
  lang: string;
  story: string | null;
  repost_of?: string | null;
  text: string;
  url?: string;
  date?: string | null;
  label?: string;
}

const { values } = parseArgs({
  options: {
    'no-dates': { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    thresholds: { type: 'string', default: '{}' },
  },
});
const items: Item[] = DEV_CORPUS_FILES.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Item),
);
function indexOptions() {
  const loaded = loadStoryIndexOptions(resolve('topics'));
  const extra = JSON.parse(values.thresholds) as Record<string, number>;
  return { ...loaded, thresholds: { ...loaded.thresholds, ...extra } };
}
const index = new StoryIndex(indexOptions());
const founderGold = new Map<string, string | null>();
const goldSeen = new Map<string, Item[]>();
const byId = new Map(items.map((i) => [i.id, i]));
const classes = new Map<string, number>();
const lines: string[] = [];
const bump = (key: string) => classes.set(key, (classes.get(key) ?? 0) + 1);
const dated = (i: Item) => (!values['no-dates'] && i.date ? 'dated' : 'undated');

for (const item of items) {
  const a = index.assign({
    id: item.id,
    lang: item.lang,
    text: item.text,
    url: item.url ?? null,
    publishedAt: values['no-dates'] ? null : (item.date ?? null),
  });
  const gold = item.story;
  const earlier = gold ? (goldSeen.get(gold) ?? []) : [];
  if (a.storyId === `st-${item.id}`) {
    founderGold.set(a.storyId, gold);
    if (earlier.length > 0) {
      const langs = new Set(earlier.map((e) => e.lang));
      const pair = langs.has(item.lang) ? 'same-lang-member' : 'cross-only';
      const closest = a.reasons.find((r) => r.startsWith('closest:'));
      const strength = closest ? Number(/strength=([\d.]+)/.exec(closest)?.[1] ?? 0) : 0;
      const closestId = closest ? /closest:(\S+)/.exec(closest)?.[1] : undefined;
      const closestRight = closestId ? byId.get(closestId)?.story === gold : false;
      const band = strength === 0 ? 'none' : strength < 0.5 ? '<0.5' : '0.5-1';
      const key = `split ${pair} ${dated(item)} closest=${band}${closestRight ? ' (same gold)' : ''}`;
      bump(key);
      lines.push(`${key}: ${item.id} [${gold}] ${a.reasons.join(' ')}`);
    }
  } else if (!a.duplicateOf && !a.revisionOf) {
    const fg = founderGold.get(a.storyId) ?? null;
    if (gold === null || fg !== gold) {
      const r = a.reasons[0] ?? '';
      const joinedId = /story:(\S+)/.exec(r)?.[1];
      const joined = joinedId ? byId.get(joinedId) : undefined;
      const text = Number(/text=([\d.]+)/.exec(r)?.[1] ?? 0);
      const route = r.includes('story-support') ? 'support' : text > 0 ? 'text' : 'anchors';
      const pair = joined && joined.lang !== item.lang ? 'cross' : 'same';
      const kind = gold === null ? 'no-gold item' : fg === null ? 'into no-gold story' : 'other story';
      const key = `merge ${kind} ${pair} ${route} ${dated(item)}`;
      bump(key);
      lines.push(`${key}: ${item.id} [${gold}] → ${a.storyId} [${fg}] ${r}`);
    }
  } else if (a.duplicateOf && !item.repost_of) {
    bump('false repost');
    lines.push(`false repost: ${item.id} [${gold}] ${a.reasons.join(' ')}`);
  }
  if (gold) goldSeen.set(gold, [...earlier, item]);
}
for (const [k, n] of [...classes.entries()].sort((x, y) => y[1] - x[1]))
  console.log(`${String(n).padStart(4)}  ${k}`);
if (values.list) for (const l of lines.sort()) console.log(l);

// Predicted stories by gold composition, with the pairs each costs (false merges) and gold stories split.
const predicted = new Map<string, Item[]>();
const assignments = new Map<string, string>();
{
  const again = new StoryIndex(indexOptions());
  for (const item of items) {
    const a = again.assign({
      id: item.id,
      lang: item.lang,
      text: item.text,
      url: item.url ?? null,
      publishedAt: values['no-dates'] ? null : (item.date ?? null),
    });
    assignments.set(item.id, a.storyId);
    predicted.set(a.storyId, [...(predicted.get(a.storyId) ?? []), item]);
    if (item.repost_of && !a.duplicateOf)
      console.log(`missed repost: ${item.id} of ${item.repost_of} ${a.reasons.join(' ')}`);
  }
}
const pairs2 = (n: number) => (n * (n - 1)) / 2;
const mixed: Array<[number, string]> = [];
for (const [story, members] of predicted) {
  const byGold = new Map<string, number>();
  for (const m of members)
    byGold.set(m.story ?? `none:${m.id}`, (byGold.get(m.story ?? `none:${m.id}`) ?? 0) + 1);
  if (byGold.size < 2) continue;
  const all = pairs2(members.length);
  const good = [...byGold.entries()].reduce((s, [g, n]) => s + (g.startsWith('none:') ? 0 : pairs2(n)), 0);
  mixed.push([all - good, `${story}: ${[...byGold.entries()].map(([g, n]) => `${g}×${n}`).join(', ')}`]);
}
console.log('\nfalse-merge pairs by predicted story');
for (const [fp, line] of mixed.sort((a, b) => b[0] - a[0])) console.log(`${String(fp).padStart(4)}  ${line}`);
const split: Array<[number, string]> = [];
const golds = new Map<string, Item[]>();
for (const i of items) if (i.story) golds.set(i.story, [...(golds.get(i.story) ?? []), i]);
for (const [gold, members] of golds) {
  const parts = new Map<string, Item[]>();
  for (const m of members)
    parts.set(assignments.get(m.id)!, [...(parts.get(assignments.get(m.id)!) ?? []), m]);
  if (parts.size < 2) continue;
  const fn = pairs2(members.length) - [...parts.values()].reduce((s, p) => s + pairs2(p.length), 0);
  split.push([
    fn,
    `${gold}: ${[...parts.values()].map((p) => p.map((m) => `${m.id}/${m.lang}${m.date ? '' : '?'}`).join(' ')).join(' | ')}`,
  ]);
}
console.log('\nmissed pairs by gold story (id/lang, ? = undated)');
for (const [fn, line] of split.sort((a, b) => b[0] - a[0])) console.log(`${String(fn).padStart(4)}  ${line}`);
