import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyItem } from '../../../src/classify/classify-item.js';
import { loadTopics } from '../../../src/classify/load-topics.js';

const topic = loadTopics(join(import.meta.dirname, '../../../topics')).find((t) => t.id === 'iraq-drawdown')!;
const seedDir = join(import.meta.dirname, '../../fixtures/seeds');
const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.txt'));

describe('seed articles (copies of ../shared/seeds)', () => {
  it('has all five seeds', () => {
    expect(seeds).toHaveLength(5);
  });

  it.each(seeds)('%s is an alert with a topic frame among its reasons', (file) => {
    const text = readFileSync(join(seedDir, file), 'utf8');
    const result = classifyItem({ text, lang: 'ar' }, topic);
    expect(result.decision).toBe('alert');
    expect(result.topicId).toBe('iraq-drawdown');
    expect(result.reasons.some((r) => r.kind === 'frame' && r.weight > 0)).toBe(true);
  });
});
