import { describe, expect, it } from 'vitest';
import { ParagraphCounts, paragraphHashes } from '../../../src/dedupe/background-paragraphs.js';

const BG_EN =
  'The US-led coalition was formed in 2014 to fight the Islamic State group and has since trained Iraqi forces at several bases across the country.';
const BG_AR =
  'وكان التحالف الدولي قد تشكل عام 2014 لمحاربة تنظيم داعش، ودرب منذ ذلك الحين القوات العراقية في عدد من القواعد في أنحاء البلاد.';

describe('background paragraphs', () => {
  it('strips a paragraph once enough held items contain it, never the first paragraph', () => {
    for (const bg of [BG_EN, BG_AR]) {
      const counts = new ParagraphCounts(2);
      const texts = [`Headline one\n${bg}`, `Headline two\nOwn lead two\n${bg}`];
      expect(counts.strip(texts[1]!, paragraphHashes(texts[1]!))).toBeNull();
      for (const t of texts) counts.add(paragraphHashes(t));
      const next = `Headline three\nOwn lead three about another base\n${bg}`;
      expect(counts.strip(next, paragraphHashes(next))).toBe(
        'Headline three\nOwn lead three about another base',
      );
      // Whitespace and Arabic spelling variants hash alike.
      const variant = `Headline four\nOwn lead four\n  ${bg.replace(/ /g, '  ')}  `;
      expect(counts.strip(variant, paragraphHashes(variant))).toBe('Headline four\nOwn lead four');
    }
  });

  it('keeps a text whole when every paragraph after the headline is background, and forgets evicted holders', () => {
    const counts = new ParagraphCounts(2);
    const t = `Head\n${BG_EN}`;
    counts.add(paragraphHashes(t));
    counts.add(paragraphHashes(t));
    expect(counts.strip(t, paragraphHashes(t))).toBeNull();
    const other = `Head\nLead\n${BG_EN}`;
    expect(counts.strip(other, paragraphHashes(other))).toBe('Head\nLead');
    counts.remove(paragraphHashes(t));
    expect(counts.strip(other, paragraphHashes(other))).toBeNull();
  });

  it('never treats short lines (datelines, captions) as background', () => {
    expect(paragraphHashes('Head\nBAGHDAD, Sept 30\nReuters')).toEqual([null, null]);
  });
});
