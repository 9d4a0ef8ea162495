/**
 * The relevance evaluation's plumbing: labelled items keep their story grouping, the cross-file split fits only on
 * the training file, and the fit chooses its L2 from the grid and shrinks towards the topic file's weights.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/classify/load-topics.js';
import { emptyFeatures, yamlFeatureWeights } from '../../../src/classify/fitted-weights.js';
import { crossFile } from '../../../bench/relevance/cross-file.js';
import { fitRelevance, L2_GRID, type GroupedRow } from '../../../bench/relevance/fit-model.js';
import { readLabelledItems, type LabelledItem } from '../../../bench/relevance/labelled-items.js';

const dir = mkdtempSync(join(tmpdir(), 'relevance-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const topic = loadTopics(join(import.meta.dirname, '../../../topics')).find((t) => t.id === 'iraq-drawdown')!;

describe('labelled items', () => {
  it('keep story and repost_of, which group the cross-validation folds', () => {
    const file = join(dir, 'items.jsonl');
    writeFileSync(
      file,
      [
        { id: 'x1', lang: 'en', text: 'a', label: 1, story: 's-1' },
        { id: 'x2', lang: 'en', text: 'b', label: 0, repost_of: 'x1' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const [a, b] = readLabelledItems(file);
    expect(a?.story).toBe('s-1');
    expect(b?.repost_of).toBe('x1');
  });
});

const item = (id: string, label: 0 | 1, file: string): LabelledItem => ({
  id,
  label,
  text: id,
  lang: 'en',
  file,
});

describe('cross-file evaluation', () => {
  it('fits on each file alone and predicts every item once, by the model of the other file', () => {
    const a = { name: 'a', items: [item('a1', 1, 'a'), item('a2', 0, 'a')] };
    const b = { name: 'b', items: [item('b1', 1, 'b'), item('b2', 0, 'b'), item('b3', 1, 'b')] };
    const seen: string[][] = [];
    const result = crossFile([a, b], (train) => {
      seen.push(train.map((i) => i.id));
      // A model that predicts positive only for ids it was trained on: tested on the other file it finds nothing.
      const known = new Set(train.map((i) => i.id));
      return { score: (i) => (known.has(i.id) ? 1 : 0), threshold: 0.5 };
    });
    expect(seen).toEqual([
      ['a1', 'a2'],
      ['b1', 'b2', 'b3'],
    ]);
    expect(result.directions.map((d) => `${d.train}→${d.test}`)).toEqual(['a→b', 'b→a']);
    expect(result.pooled.overall.tp + result.pooled.overall.fn).toBe(3);
    expect(result.pooled.overall.tp).toBe(0);
  });
});

describe('relevance fit', () => {
  const row = (id: string, label: number, strong: number, story: string): GroupedRow => ({
    id,
    story,
    label,
    features: { ...emptyFeatures(), strongFrame: strong },
  });

  it('chooses its L2 from the grid by inner CV and records the inner losses', () => {
    const rows: GroupedRow[] = [];
    for (let i = 0; i < 24; i += 1) rows.push(row(`r${i}`, i % 2, i % 2, `s${i % 6}`));
    const fitted = fitRelevance(rows, topic);
    expect(L2_GRID).toContain(fitted.fit?.l2);
    expect(Object.keys(fitted.fit?.innerLogLoss as object)).toHaveLength(L2_GRID.length);
    expect(fitted.weights.strongFrame).toBeGreaterThan(0);
  });

  it('leaves a weight the data never exercises at the topic file value', () => {
    const rows: GroupedRow[] = [];
    for (let i = 0; i < 24; i += 1) rows.push(row(`r${i}`, i % 2, i % 2, `s${i % 6}`));
    const fitted = fitRelevance(rows, topic);
    const prior = yamlFeatureWeights(topic.weights);
    expect(fitted.weights.inbound).toBeCloseTo(prior.inbound, 3);
    expect(fitted.weights.marker).toBeCloseTo(prior.marker, 3);
  });
});
