/**
 * Short texts (a headline and a sentence) are read as one scope: the forces named in one line and the place in
 * the other make one report. The same completion never reaches across to another theatre or a long text.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyItem } from '../../../src/classify/classify-item.js';
import { loadTopics } from '../../../src/classify/load-topics.js';

const topic = loadTopics(join(import.meta.dirname, '../../../topics')).find((t) => t.id === 'iraq-drawdown')!;
const classify = (text: string, lang: string, title: string | null = null) =>
  classifyItem({ title, text, lang, publishedAt: '2026-09-30T09:00:00Z' }, topic);

/** Flashes whose forces and place stand in different lines: [lang, headline, sentence]. */
const SPLIT_FLASHES: Array<[string, string, string]> = [
  [
    'en',
    'Coalition troops begin pulling out',
    'The first convoy left the K1 base near Kirkuk at dawn, a spokesman said.',
  ],
  [
    'en',
    'Pentagon confirms drawdown',
    'Fewer than 2,000 personnel will remain in Iraq by spring, officials said.',
  ],
  [
    'en',
    'Americans hand over the last hangar',
    'Iraqi air force units took over the Harir airfield on Sunday.',
  ],
  [
    'ar',
    'القوات الأمريكية تبدأ الانسحاب',
    'غادرت أولى القوافل قاعدة كي وان في كركوك فجر اليوم بحسب مصدر أمني.',
  ],
  ['ar', 'التحالف الدولي يقلص عديده', 'سيبقى أقل من ألفي عنصر في العراق بحلول الربيع بحسب مسؤولين.'],
  ['ar', 'الجيش الأمريكي يسلم آخر حظيرة', 'تسلمت وحدات من القوة الجوية العراقية مطار حرير يوم الأحد.'],
];

describe('a short text is one scope', () => {
  it.each(SPLIT_FLASHES)(
    'forces in the headline, place in the sentence, alert (%s: %s)',
    (lang, head, line) => {
      const c = classify(line, lang, head);
      expect(c.decision).toBe('alert');
    },
  );

  it('says what the other line supplied', () => {
    const [, head, line] = SPLIT_FLASHES[0]!;
    const labels = classify(line, 'en', head).reasons.map((r) => r.label);
    expect(labels.some((l) => l.includes('short text:') && l.includes('named in its other line'))).toBe(true);
  });

  it.each([
    ['en', 'Coalition troops begin pulling out', 'The first convoy left the Tanf garrison in Syria at dawn.'],
    ['ar', 'القوات الأمريكية تبدأ الانسحاب', 'غادرت أولى القوافل قاعدة الشدادي في الحسكة فجر اليوم.'],
    [
      'en',
      'Pentagon confirms drawdown',
      'Units will leave Germany and Romania by spring, officials in Iraq said.',
    ],
  ])('a foreign place anywhere in the flash stops the completion (%s: %s)', (lang, head, line) => {
    expect(classify(line, lang, head).decision).not.toBe('alert');
  });

  it.each([
    [
      'en',
      'American pullout advances',
      'The first convoy left the Ain al-Asad base heading to Syria at dawn.',
    ],
    ['ar', 'انسحاب أمريكي جديد', 'غادر رتل عسكري قاعدة حرير متجها نحو سوريا صباح اليوم.'],
  ])('a foreign place the forces go to does not stop it (%s: %s)', (lang, head, line) => {
    expect(classify(line, lang, head).decision).toBe('alert');
  });

  it('a long text is not completed across its sentences', () => {
    const filler = Array.from(
      { length: 8 },
      (_, i) => `Paragraph ${i} of the report discusses the economy, the budget, oil prices and the harvest.`,
    );
    const text = [
      'Coalition troops were mentioned at a conference.',
      ...filler,
      'A convoy left Kirkuk.',
    ].join(' ');
    const c = classify(text, 'en');
    expect(c.reasons.some((r) => r.label.includes('short text:'))).toBe(false);
  });

  it('a flash with a withdrawal word but no forces anywhere stays below alert', () => {
    const c = classify(
      'Kirkuk council member withdraws from the race.',
      'en',
      'Kirkuk: a candidate pulls out',
    );
    expect(c.decision).not.toBe('alert');
  });
});

describe('forces named by their units, staff and materiel', () => {
  it.each([
    ['en', 'Cargo flights airlift US equipment out of a base near Mosul on Monday, officials said.'],
    ['en', 'Iraqi troops took full control of a camp in Anbar after the last American unit left on Tuesday.'],
    ['en', 'Coalition advisers based at a camp in Anbar were relocated to Erbil on Sunday.'],
  ])('alerts (%s: %s)', (lang, text) => {
    expect(classify(text, lang).decision).toBe('alert');
  });
});

describe('the city of Sulaymaniyah is not the 2020 Soleimani episode', () => {
  it.each([
    ['ar', 'غادرت قوات التحالف قاعدة في السليمانية يوم الثلاثاء بحسب مصدر أمني.'],
    ['ar', 'نحو 900 جندي أمريكي ما زالوا في قاعدة في السليمانية حتى أيلول.'],
  ])('a base in the city still alerts (%s: %s)', (lang, text) => {
    const c = classify(text, lang);
    expect(c.evidence?.timeScope).not.toBe('past');
    expect(c.decision).toBe('alert');
  });
  it('the killing of the general still dates a report to 2020', () => {
    const c = classify('بعد مقتل قاسم سليماني صوت البرلمان على انسحاب القوات الأمريكية من العراق.', 'ar');
    expect(c.decision).not.toBe('alert');
  });
});
