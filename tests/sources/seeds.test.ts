/**
 * The seed articles (shared/seeds) are items of their outlets' fixtures: the chain finds them, and the linked
 * article fixture carries the seed text. Skipped when ../shared is not beside the repo.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/config/sources.js';
import { crawlSource } from '../../src/fetch/crawl-source.js';
import { createFixtureHttpClient, manifestKey, readFixture, readManifest } from './fixture-http.js';

const seedsDir = join(import.meta.dirname, '../fixtures/seeds');
const sources = loadSources(join(import.meta.dirname, '../../selectors'));

/** seed file → the source whose fixtures must carry it. */
const SEEDS: Array<[string, string]> = [
  ['000_8b903bedddab5fcd.txt', 'sputnik-arabic'],
  ['001_7ffaebf57031e60d.txt', 'shafaq-news-arabic'],
  ['002_32cb2486f17b8cbe.txt', 'akhir-khabar'],
  ['002_32cb2486f17b8cbe.txt', 'euronews-arabic'],
  ['003_16a49567d1a4bb31.txt', 'newsalist'],
  ['004_885af484abd95487.txt', 'shafaq-news-arabic'],
];

/** The longest line of a seed: a body paragraph, present in the article fixture verbatim. */
function longestLine(text: string): string {
  return text.split('\n').reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), '');
}

describe.skipIf(!existsSync(seedsDir))('seed articles in source fixtures', () => {
  for (const [file, sourceId] of SEEDS) {
    it(`${file} is an item of ${sourceId}`, async () => {
      const source = sources.find((s) => s.id === sourceId)!;
      const seed = readFileSync(join(seedsDir, file), 'utf8');
      const paragraph = longestLine(seed);
      const outcome = await crawlSource(source, { http: createFixtureHttpClient(sourceId) });
      const manifest = readManifest(sourceId);
      const hits = outcome.candidates.filter((c) => {
        const html = readFixture(sourceId, manifest[manifestKey(c.url)]!).replace(/&quot;/g, '"');
        return html.includes(paragraph);
      });
      expect(hits.length, `no ${sourceId} item links to a page with the seed text`).toBe(1);
      const firstLine = seed.split('\n')[0]!;
      const seedUrl = /https?:\/\/\S+/.exec(firstLine)?.[0];
      if (seedUrl) expect(hits[0]?.url).toBe(new URL(seedUrl).toString());
    });
  }
});
