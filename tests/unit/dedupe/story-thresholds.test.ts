import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadStoryIndexOptions } from '../../../src/dedupe/load-gazetteer-dir.js';
import {
  loadStoryThresholds,
  parseStoryRelativeDays,
  parseStoryThresholds,
} from '../../../src/dedupe/story-thresholds.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('fitted story thresholds', () => {
  it('keeps only known keys with finite positive values', () => {
    const json = JSON.stringify({
      thresholds: { text: 0.1, textAlone: -1, crossAnchors: 'x', vetoConflict: 3, bogus: 5, anchors: null },
    });
    expect(parseStoryThresholds(json)).toEqual({ text: 0.1, vetoConflict: 3 });
  });

  it('gives the defaults for malformed input', () => {
    for (const bad of ['', 'not json', '[]', 'null', '{"thresholds": 3}', '{"thresholds": null}'])
      expect(parseStoryThresholds(bad)).toEqual({});
  });

  it('reads the first stories file of a directory and nothing when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'raqib-st-'));
    dirs.push(dir);
    expect(loadStoryThresholds(dir)).toEqual({});
    expect(loadStoryThresholds(join(dir, 'missing'))).toEqual({});
    writeFileSync(join(dir, 'b.stories.json'), JSON.stringify({ thresholds: { text: 0.2 } }));
    writeFileSync(join(dir, 'a.stories.json'), JSON.stringify({ thresholds: { text: 0.12 } }));
    expect(loadStoryThresholds(dir)).toEqual({ text: 0.12 });
  });

  it('gives the committed fit beside the topic by default, the built-in thresholds only when asked (STORY_THRESHOLDS=default)', () => {
    const topics = fileURLToPath(new URL('../../../topics/', import.meta.url));
    const fitted = JSON.parse(readFileSync(join(topics, 'iraq-drawdown.stories.json'), 'utf8')) as {
      thresholds: Record<string, number>;
      relativeDays: boolean;
    };
    const options = loadStoryIndexOptions(topics, { fitted: true });
    expect(Object.keys(fitted.thresholds).length).toBeGreaterThan(0);
    expect(options.thresholds).toEqual(fitted.thresholds);
    expect(options.relativeDays).toBe(fitted.relativeDays);
    expect(loadStoryIndexOptions(topics, { fitted: false }).thresholds).toEqual({});
    expect(options.gazetteer.entities.length).toBeGreaterThan(100);
  });

  it('reads relativeDays only as a boolean', () => {
    expect(parseStoryRelativeDays('{"relativeDays": true}')).toBe(true);
    expect(parseStoryRelativeDays('{"relativeDays": false}')).toBe(false);
    for (const bad of ['{"relativeDays": 1}', '{}', 'null', 'not json'])
      expect(parseStoryRelativeDays(bad)).toBeUndefined();
  });
});
