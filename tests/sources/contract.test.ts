/**
 * Every source YAML against its fixtures: each layer (except browser) must be served by the manifest and yield
 * candidates with non-empty titles, absolute links that are served article fixtures, readable dates not in the
 * future, and unique ids. A source without fixtures fails.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/config/sources.js';
import type { Source } from '../../src/config/source-schema.js';
import { crawlSource } from '../../src/fetch/crawl-source.js';
import {
  createFixtureHttpClient,
  FIXTURES_DIR,
  manifestKey,
  readFixture,
  readManifest,
} from './fixture-http.js';

const sources = loadSources(join(import.meta.dirname, '../../selectors'));
const NOW = new Date();

function onlyLayer(source: Source, index: number): Source {
  return { ...source, fetch: [source.fetch[index]!] };
}

describe('source contract', () => {
  it('has sources', () => {
    expect(sources.length).toBeGreaterThanOrEqual(15);
  });

  for (const source of sources) {
    describe(source.id, () => {
      it('has fixtures with a manifest whose files exist', () => {
        expect(
          existsSync(join(FIXTURES_DIR, source.id, 'manifest.json')),
          `tests/fixtures/sources/${source.id}/manifest.json`,
        ).toBe(true);
        const files = new Set(readdirSync(join(FIXTURES_DIR, source.id)));
        for (const file of Object.values(readManifest(source.id))) expect(files.has(file), file).toBe(true);
      });

      source.fetch.forEach((layer, index) => {
        if (layer.type === 'browser') return; // needs chromium; covered by the browser test
        it(`layer ${index} (${layer.type}) yields valid candidates from its fixture`, async () => {
          const manifest = existsSync(join(FIXTURES_DIR, source.id, 'manifest.json'))
            ? readManifest(source.id)
            : {};
          expect(manifest[manifestKey(layer.url)], `fixture for ${manifestKey(layer.url)}`).toBeDefined();
          const http = createFixtureHttpClient(source.id);
          const outcome = await crawlSource(onlyLayer(source, index), { http, now: () => NOW });
          expect(outcome.attempts[0]?.error).toBeUndefined();
          expect(outcome.layer).toBe(layer.type);
          expect(outcome.candidates.length).toBeGreaterThan(0);
          const urls = new Set<string>();
          const guids = new Set<string>();
          for (const c of outcome.candidates) {
            expect(c.sourceId).toBe(source.id);
            expect(c.title.trim().length, c.url).toBeGreaterThan(0);
            const url = new URL(c.url);
            expect(url.protocol).toBe('https:');
            expect(url.hash).toBe('');
            expect(url.search).not.toMatch(/utm_/);
            expect(manifest[manifestKey(c.url)], `article fixture for ${c.url}`).toBeDefined();
            if (c.publishedAt !== undefined) {
              expect(Number.isNaN(Date.parse(c.publishedAt)), c.publishedAt).toBe(false);
              expect(Date.parse(c.publishedAt)).toBeLessThanOrEqual(NOW.getTime() + 5 * 60_000);
            }
            expect(urls.has(c.url), `duplicate ${c.url}`).toBe(false);
            urls.add(c.url);
            if (c.guid) {
              expect(guids.has(c.guid), `duplicate guid ${c.guid}`).toBe(false);
              guids.add(c.guid);
            }
          }
          // Feeds and sitemaps state dates; a dateless feed item would lose the time signal.
          if (layer.type === 'feed' || layer.type === 'sitemap') {
            for (const c of outcome.candidates) expect(c.publishedAt, c.url).toBeDefined();
          }
        });
      });

      it('article fixtures carry the title the layers announce', async () => {
        const http = createFixtureHttpClient(source.id);
        const outcome = await crawlSource(source, { http, now: () => NOW });
        expect(outcome.layer).not.toBeNull();
        const manifest = readManifest(source.id);
        for (const c of outcome.candidates) {
          const html = readFixture(source.id, manifest[manifestKey(c.url)]!);
          const firstWords = c.title.split(/\s+/).slice(0, 3).join(' ');
          expect(html.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'"), c.url).toContain(firstWords);
        }
      });
    });
  }
});
