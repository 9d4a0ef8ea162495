import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyItem } from '../../../src/classify/classify-item.js';
import { loadTopics } from '../../../src/classify/load-topics.js';

const topic = loadTopics(join(import.meta.dirname, '../../../topics')).find((t) => t.id === 'iraq-drawdown')!;

function evidenceOf(title: string, text: string, lang: string, publishedAt = '2025-09-01') {
  return classifyItem({ title, text, lang, publishedAt }, topic).evidence;
}

describe('typed evidence', () => {
  it('names actor, action and place of a withdrawal, Arabic and English', () => {
    const cases: [string, string, string][] = [
      [
        'Coalition forces withdraw from Ain al-Asad air base',
        'The move is part of the 2025 agreement.',
        'en',
      ],
      ['انسحاب القوات الأمريكية من قاعدة عين الأسد', 'ضمن اتفاق عام 2025 بين بغداد وواشنطن.', 'ar'],
      ['US troops leave Victory base in Baghdad', 'The handover was scheduled for September 2025.', 'en'],
    ];
    for (const [title, text, lang] of cases) {
      const ev = evidenceOf(title, text, lang);
      expect(ev, title).not.toBeNull();
      expect(ev!.actor, title).not.toBeNull();
      expect(ev!.place, title).not.toBeNull();
      expect(ev!.action.match.length, title).toBeGreaterThan(0);
      expect(ev!.timeScope, title).toBe('current');
    }
  });

  it('tells moves to Erbil and moves from Syria into Iraq apart from leaving Iraq', () => {
    const erbil = evidenceOf(
      'US forces relocate from Baghdad to Erbil',
      'The move follows the 2025 deal.',
      'en',
    );
    expect(erbil?.direction).toBe('within-iraq');
    const arErbil = evidenceOf('نقل القوات الأمريكية من بغداد إلى أربيل', 'بحسب اتفاق 2025.', 'ar');
    expect(arErbil?.direction).toBe('within-iraq');
    const inbound = evidenceOf(
      'US convoys withdraw from Syria into Iraq',
      'Trucks crossed the border in 2025.',
      'en',
    );
    expect(inbound?.direction).toBe('into-iraq');
  });

  it('marks a recalled earlier episode as past', () => {
    const ev = evidenceOf(
      'US forces withdrew from Iraq in 2011',
      'The last convoy left in December 2011 after eight years.',
      'en',
      '2025-09-01',
    );
    expect(ev?.timeScope).toBe('past');
  });

  it('is null when there is no event at all', () => {
    expect(evidenceOf('Weather in Baghdad', 'Sunny and hot.', 'en')).toBeNull();
  });
});
