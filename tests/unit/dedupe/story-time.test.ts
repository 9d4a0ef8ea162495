import { describe, expect, it } from 'vitest';
import { itemTime, nearStoryInTime, stampTime } from '../../../src/dedupe/story-time.js';
import { signatureLead, signatureOf } from '../../../src/dedupe/event-signature.js';
import { StoryIndex } from '../../../src/dedupe/story-index.js';
import { mergeGazetteers, parseGazetteer, placeContainment } from '../../../src/dedupe/gazetteer.js';

const DAY = 86_400_000;

describe('story time', () => {
  it('reads a date stamp at the head of a text, not one further down', () => {
    expect(stampTime(' date 2025-08-23 السفارة الأمريكية')).toBe(Date.parse('2025-08-23T09:00:00Z'));
    expect(stampTime(`${'word '.repeat(60)}on 2025-08-23`)).toBeNull();
    expect(stampTime('2025-02-30 not a day')).toBeNull();
    expect(itemTime({ publishedAt: '2025-01-02T10:00:00Z', text: '2025-08-23' })).toBe(
      Date.parse('2025-01-02T10:00:00Z'),
    );
    expect(itemTime({ publishedAt: null, text: 'no stamp here' })).toBeNull();
  });

  it('keeps a dated item away from a story whose dated reports are all out of reach', () => {
    const t = Date.parse('2025-12-13T12:00:00Z');
    expect(nearStoryInTime(t + 21 * DAY, [t, t + DAY], 3 * DAY)).toBe(false);
    expect(nearStoryInTime(t + 3 * DAY, [t, t + DAY], 3 * DAY)).toBe(true);
    expect(nearStoryInTime(t + 30 * DAY, [], 3 * DAY)).toBe(true);
    expect(nearStoryInTime(null, [t], 3 * DAY)).toBe(true);
  });

  it('an undated report does not carry a story across weeks', () => {
    const index = new StoryIndex({ windowHours: 72 });
    const report = (id: string, lead: string, publishedAt: string | null) =>
      index.assign({
        id,
        lang: 'en',
        text: `${lead} UNAMI compound handover Baghdad foreign ministry mission closing after 22 years.`,
        publishedAt,
      });
    const first = report(
      'a',
      'The United Nations mission signed the papers on the day.',
      '2025-12-13T10:00:00Z',
    );
    const bridge = report('b', 'Officials of the mission attended a short ceremony there.', null);
    expect(bridge.storyId).toBe(first.storyId);
    const late = report(
      'c',
      'Ministers spoke to reporters about what comes next now.',
      '2026-01-03T10:00:00Z',
    );
    expect(bridge.reasons[0]).toMatch(/^story:/);
    expect(late.storyId).not.toBe(first.storyId);
  });
});

describe('signature lead', () => {
  it('leaves out parenthetical asides, such as an outlet standing note', () => {
    const lead = signatureLead('Embassy warns of ISIS (banned in Russia)', 'The embassy in Baghdad said.');
    expect(lead).not.toContain('Russia');
    expect(lead).toContain('Baghdad');
    expect(signatureOf(['place:russia']).places).toEqual(['place:russia']);
  });

  it('leaves out where a convoy is heading, keeping where it left', () => {
    const en = signatureLead(
      'US convoy leaves Harir air base for Kuwait',
      'It left on Monday, heading for Jordan.',
    );
    expect(en).toContain('Harir');
    expect(en).not.toMatch(/Kuwait|Jordan/);
    const ar = signatureLead('رتل أمريكي يغادر قاعدة حرير باتجاه الكويت', 'وصل الرتل إلى أربيل');
    expect(ar).toContain('حرير');
    expect(ar).not.toContain('الكويت');
    expect(ar).toContain('أربيل');
  });
});

describe('gazetteer within', () => {
  it('parses and merges where places lie, and reads containment transitively both ways', () => {
    const a = parseGazetteer('entities: []\nwithin:\n  place:south-lebanon: place:lebanon\n');
    const b = parseGazetteer('entities: []\nwithin:\n  place:lebanon: place:levant\n');
    const merged = mergeGazetteers(a, b);
    expect(merged.within).toEqual({
      'place:south-lebanon': 'place:lebanon',
      'place:lebanon': 'place:levant',
    });
    const same = placeContainment(merged.within);
    expect(same('place:south-lebanon', 'place:levant')).toBe(true);
    expect(same('place:lebanon', 'place:south-lebanon')).toBe(true);
    expect(same('place:south-lebanon', 'place:syria')).toBe(false);
    expect(placeContainment(undefined)('place:x', 'place:x')).toBe(true);
    expect(parseGazetteer('entities: []\n').within).toBeUndefined();
  });
});
