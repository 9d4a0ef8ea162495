import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compileGazetteer,
  matchEntities,
  mergeGazetteers,
  parseGazetteer,
  toStems,
} from '../../../src/dedupe/gazetteer.js';
import { gazetteerFromTopic } from '../../../src/dedupe/topic-gazetteer.js';

const gazetteer = parseGazetteer(
  readFileSync(new URL('../../../topics/gazetteer.yaml', import.meta.url), 'utf8'),
);
const matcher = compileGazetteer(gazetteer);
const found = (text: string): string[] => [...matchEntities(toStems(text), matcher).keys()];

describe('gazetteer', () => {
  it('maps Arabic and English names to one key', () => {
    expect(found('غادرت القوات قاعدة عين الأسد')).toContain('place:ain-al-asad');
    expect(found('troops left Ain al-Asad air base')).toContain('place:ain-al-asad');
    expect(found('وبحسب البيان المشترك')).toContain('event:joint-statement');
    expect(found('according to a joint statement')).toContain('event:joint-statement');
  });

  it('matches through attached particles', () => {
    expect(found('وصل إلى بغداد وللعراق')).toEqual(expect.arrayContaining(['place:baghdad', 'place:iraq']));
  });

  it('rejects invalid files with a readable error', () => {
    expect(() => parseGazetteer('entities: [{ key: x, kind: nonsense }]')).toThrow(/invalid gazetteer/);
  });

  it('merges entities by key and reads topic files leniently', () => {
    const topic = gazetteerFromTopic('actors:\n  - id: a\n    ar: [س]\n    en: [x, "y * z"]\nplaces: nope\n');
    expect(topic.entities).toEqual([
      { key: 'topic-org:a', kind: 'org', ar: ['س'], en: ['x'], generic: true },
    ]);
    const merged = mergeGazetteers(
      { entities: [{ key: 'k', kind: 'place', ar: ['أ'], en: [] }] },
      { entities: [{ key: 'k', kind: 'place', ar: ['أ', 'ب'], en: ['b'] }] },
    );
    expect(merged.entities).toEqual([{ key: 'k', kind: 'place', ar: ['أ', 'ب'], en: ['b'] }]);
    expect(gazetteerFromTopic('just a string').entities).toEqual([]);
  });
});
