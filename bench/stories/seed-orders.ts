/**
 * Seeds 000 and 001 (one event, tests/fixtures/seeds) replayed among the development corpus's on-topic items in
 * seeded random arrival orders (bench/sim's mulberry32): the corpus items keep their own publication dates (most
 * have none), the two seeds are dated on their day or, with `noDates`, undated like everything else. Used by
 * `npm run bench:seed-orders`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoryCandidate, StoryIndexOptions } from '../../src/dedupe/story-index.js';
import { StoryIndex } from '../../src/dedupe/story-index.js';
import { DEV_CORPUS_FILES } from '../cv/dev-corpus.js';
import { seededRng } from '../sim/article-text.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seedsDir = path.join(repoRoot, 'tests/fixtures/seeds');

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The seeds that report one event, with the publication times their pages give. */
export function sameEventSeeds(noDates: boolean): StoryCandidate[] {
  const dates = ['2025-08-23T10:00:00Z', '2025-08-23T14:00:00Z'];
  return readdirSync(seedsDir)
    .filter((f) => /^00[01]_.*\.txt$/.test(f))
    .sort()
    .map((f, i) => ({
      id: `seed-${f.slice(0, 3)}`,
      lang: 'ar',
      text: readFileSync(path.join(seedsDir, f), 'utf8'),
      publishedAt: noDates ? null : (dates[i] ?? null),
    }));
}

/** The corpus's on-topic items (label 1), with their own dates unless `noDates`. */
export function onTopicCorpus(noDates: boolean): StoryCandidate[] {
  const out: StoryCandidate[] = [];
  for (const file of DEV_CORPUS_FILES) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as {
        id: string;
        lang: string;
        text: string;
        label: number;
        date?: string;
      };
      if (row.label !== 1) continue;
      const date = !noDates && row.date ? `${row.date}T12:00:00Z` : null;
      out.push({ id: row.id, lang: row.lang, text: row.text, publishedAt: date });
    }
  }
  return out;
}

export interface OrderOutcome {
  order: number;
  together: boolean;
  reasons: Record<string, string[]>;
}

/** Replay the seeds among `others` in `orders` seeded random orders; one outcome per order. */
export function replaySeedOrders(
  options: StoryIndexOptions,
  orders: number,
  noDates: boolean,
  others: readonly StoryCandidate[] = onTopicCorpus(noDates),
  seeds: readonly StoryCandidate[] = sameEventSeeds(noDates),
): OrderOutcome[] {
  const out: OrderOutcome[] = [];
  for (let order = 0; order < orders; order++) {
    const index = new StoryIndex(options);
    const story = new Map<string, string>();
    const reasons: Record<string, string[]> = {};
    for (const item of shuffled([...seeds, ...others], seededRng(order + 1))) {
      const a = index.assign(item);
      story.set(item.id, a.storyId);
      if (seeds.includes(item)) reasons[item.id] = a.reasons;
    }
    const ids = seeds.map((s) => story.get(s.id));
    out.push({ order, together: new Set(ids).size === 1, reasons });
  }
  return out;
}

const demoWindowFile = path.join(repoRoot, 'tests/fixtures/dedupe/demo-real-text-window.jsonl');

/**
 * The window one `npm run demo -- --once` run held with real text (tests/fixtures/dedupe/demo-real-text-window.jsonl:
 * the extracted pages as stored, constructed outlet pages filled with corpus excerpts): seeds 000 and 001 (the two
 * same-day reports, as the pipeline extracted them) and the rest; with `noDates` every item undated.
 */
export function demoWindow(noDates: boolean): { seeds: StoryCandidate[]; others: StoryCandidate[] } {
  const items = readFileSync(demoWindowFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as StoryCandidate & { source: string })
    .map(({ source, ...item }) => ({
      item: { ...item, publishedAt: noDates ? null : (item.publishedAt ?? null) },
      seed: item.publishedAt?.startsWith('2025-08-23') && /^(?:sputnik|shafaq-news)-arabic$/.test(source),
    }));
  return {
    seeds: items.filter((x) => x.seed).map((x) => x.item),
    others: items.filter((x) => !x.seed).map((x) => x.item),
  };
}
