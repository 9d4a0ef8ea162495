/**
 * `npm run bench:burst [-- --events 420 --seed 18 --json]`: a burst of separate events of the topic published
 * within one hour (bench/stories/burst-events.ts: own templates, real background paragraphs from the vendored
 * corpus). Prints
 * - stories: the share of reports in a story of their own (no report of another event in it), for full reports
 *   alone and for flashes and full reports together (each flash published a few minutes before its report), the
 *   number of stories and the largest one, and how many events' flash and report ended in one story;
 * - relevance: the share of flashes and of full reports that alert (topic iraq-drawdown, its alert threshold).
 * The story index is built the way the app builds it (topics directory gazetteer, fitted stories file).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { classifyItem } from '../../src/classify/classify-item.js';
import { loadTopics } from '../../src/classify/load-topics.js';
import { loadStoryIndexOptions } from '../../src/dedupe/load-gazetteer-dir.js';
import { StoryIndex } from '../../src/dedupe/story-index.js';
import { DEV_CORPUS_FILES } from '../cv/dev-corpus.js';
import { seededRng } from '../sim/article-text.js';
import type { Rng } from './burst-events.js';
import { buildBurstEvents } from './burst-events.js';
import type { BurstEvent, Lang } from './burst-events.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '420' },
    seed: { type: 'string', default: '18' },
    json: { type: 'boolean', default: false },
    'default-thresholds': { type: 'boolean', default: false },
  },
});

interface Report {
  id: string;
  event: string;
  kind: 'full' | 'flash';
  lang: Lang;
  text: string;
  publishedAt: string;
}

/**
 * Background paragraphs of on-topic corpus reports (not their first line, which is the headline or lead), a small
 * pool per language: outlets append the same few context paragraphs to every report of a running story.
 */
function backgroundPool(rng: Rng, lang: Lang, size: number): string[] {
  const paragraphs: string[] = [];
  for (const file of DEV_CORPUS_FILES) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const item = JSON.parse(line) as { lang?: string; label?: number; text?: string };
      if (item.lang !== lang || item.label !== 1 || typeof item.text !== 'string') continue;
      const parts = item.text
        .split(/\n+/)
        .map((p) => p.trim())
        .slice(1);
      for (const p of parts) if (p.length >= 150 && p.length <= 700) paragraphs.push(p);
    }
  }
  const pool: string[] = [];
  while (pool.length < size && paragraphs.length > 0) {
    pool.push(...paragraphs.splice(Math.floor(rng() * paragraphs.length), 1));
  }
  return pool;
}

function buildReports(rng: Rng, events: readonly BurstEvent[]): Report[] {
  const pools = { ar: backgroundPool(rng, 'ar', 8), en: backgroundPool(rng, 'en', 8) };
  const start = Date.parse('2026-09-30T09:00:00Z');
  const spanMs = 50 * 60_000;
  const reports: Report[] = [];
  for (const event of events) {
    const flashAt = start + Math.floor(rng() * spanMs);
    const fullAt = flashAt + (2 + Math.floor(rng() * 8)) * 60_000;
    const pool = pools[event.lang];
    const background: string[] = [];
    const extra = 1 + Math.floor(rng() * 2);
    for (let i = 0; i < extra && pool.length > 0; i++) {
      const p = pool[Math.floor(rng() * pool.length)] as string;
      if (!background.includes(p)) background.push(p);
    }
    reports.push({
      id: `${event.id}-flash`,
      event: event.id,
      kind: 'flash',
      lang: event.lang,
      text: `${event.headline}\n${event.sentences[0] ?? ''}`,
      publishedAt: new Date(flashAt).toISOString(),
    });
    reports.push({
      id: `${event.id}-full`,
      event: event.id,
      kind: 'full',
      lang: event.lang,
      text: [event.headline, event.sentences.join(' '), ...background].join('\n'),
      publishedAt: new Date(fullAt).toISOString(),
    });
  }
  return reports.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id.localeCompare(b.id));
}

interface StoryFigures {
  reports: number;
  ownStoryShare: number;
  stories: number;
  largest: number;
  /** Events whose every report given ended in one story (only meaningful with flashes and reports together). */
  eventsWhole: number;
}

function cluster(reports: readonly Report[], useDefaults: boolean): StoryFigures {
  const topicsDir = resolve(repoRoot, 'topics');
  const options = loadStoryIndexOptions(topicsDir, { fitted: process.env.STORY_THRESHOLDS !== 'default' });
  const index = new StoryIndex(useDefaults ? { gazetteer: options.gazetteer } : options);
  const storyOf = new Map<string, string>();
  for (const r of reports) {
    const a = index.assign({ id: r.id, lang: r.lang, text: r.text, publishedAt: r.publishedAt });
    if (process.env.BURST_DEBUG && !a.reasons[0]?.startsWith('new'))
      console.log(r.id, a.reasons.join(' '), '|', index.anchorsOf(r.id).join(' '));
    storyOf.set(r.id, a.storyId);
  }
  const eventsOfStory = new Map<string, Set<string>>();
  const storiesOfEvent = new Map<string, Set<string>>();
  for (const r of reports) {
    const s = storyOf.get(r.id) as string;
    (eventsOfStory.get(s) ?? eventsOfStory.set(s, new Set()).get(s))?.add(r.event);
    (storiesOfEvent.get(r.event) ?? storiesOfEvent.set(r.event, new Set()).get(r.event))?.add(s);
  }
  let own = 0;
  for (const r of reports) if ((eventsOfStory.get(storyOf.get(r.id) as string)?.size ?? 0) === 1) own++;
  let largest = 0;
  for (const events of eventsOfStory.values()) largest = Math.max(largest, events.size);
  let whole = 0;
  for (const stories of storiesOfEvent.values()) if (stories.size === 1) whole++;
  return {
    reports: reports.length,
    ownStoryShare: own / Math.max(1, reports.length),
    stories: eventsOfStory.size,
    largest,
    eventsWhole: whole,
  };
}

function alertShares(reports: readonly Report[]): { full: number; flash: number } {
  const topic = loadTopics(resolve(repoRoot, 'topics')).find((t) => t.id === 'iraq-drawdown');
  if (!topic) throw new Error('topic iraq-drawdown not found');
  const counts = { full: [0, 0], flash: [0, 0] };
  for (const r of reports) {
    const c = classifyItem({ text: r.text, lang: r.lang, publishedAt: r.publishedAt }, topic);
    const slot = counts[r.kind];
    slot[1] = (slot[1] ?? 0) + 1;
    if (c.score >= topic.thresholds.alert) slot[0] = (slot[0] ?? 0) + 1;
  }
  const share = ([hit, n]: number[]) => (hit ?? 0) / Math.max(1, n ?? 0);
  return { full: share(counts.full), flash: share(counts.flash) };
}

function main(): void {
  const rng = seededRng(Number(values.seed));
  const events = buildBurstEvents(rng, Number(values.events));
  const reports = buildReports(rng, events);
  const useDefaults = values['default-thresholds'];
  const fullOnly = cluster(
    reports.filter((r) => r.kind === 'full'),
    useDefaults,
  );
  const mixed = cluster(reports, useDefaults);
  const alerts = alertShares(reports);
  const result = { events: events.length, seed: Number(values.seed), fullOnly, mixed, alerts };
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const line = (f: StoryFigures) =>
    `${pct(f.ownStoryShare)} of ${f.reports} reports in a story of their own; ${f.stories} stories, largest holds ${f.largest} events`;
  console.log(
    `burst: ${events.length} separate events within an hour (seed ${result.seed}), each as a full report and a flash`,
  );
  console.log(`stories, full reports only:      ${line(fullOnly)}`);
  console.log(
    `stories, flashes + full reports: ${line(mixed)}; ${mixed.eventsWhole}/${events.length} events' flash and report in one story`,
  );
  console.log(`relevance: flashes alert ${pct(alerts.flash)}, full reports ${pct(alerts.full)}`);
}

main();
