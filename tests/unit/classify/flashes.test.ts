import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyItem } from '../../../src/classify/classify-item.js';
import { loadTopics } from '../../../src/classify/load-topics.js';

const topic = loadTopics(join(import.meta.dirname, '../../../topics')).find((t) => t.id === 'iraq-drawdown')!;
const score = (text: string, lang: string) =>
  classifyItem({ text, lang, publishedAt: '2026-09-30T09:00:00Z' }, topic);

const BASES_EN = ['Balad Air Base', 'Camp Speicher', 'Camp Taji', 'the Habbaniyah base', 'a base near Mosul'];
const BASES_AR = ['قاعدة بلد الجوية', 'قاعدة سبايكر', 'معسكر التاجي', 'قاعدة الحبانية', 'قاعدة قرب الموصل'];

/** Flashes (headline + one sentence) of drawdown events, by class of event, each at several bases. */
const ON_TOPIC: Array<[string, (base: string) => string]> = [
  [
    'en',
    (b) => `Iraq takes full control of ${b} after American pullout\nIraqi forces took over ${b} on Tuesday.`,
  ],
  [
    'en',
    (b) =>
      `21 cargo flights airlift US equipment out of ${b}\nThe flights left ${b} on Monday, an official said.`,
  ],
  ['en', (b) => `Coalition advisers at ${b} relocated to Kuwait\nThe advisers left ${b} on Friday.`],
  ['en', (b) => `US forces dismantle radar and towers at ${b}\nThe work began on Sunday, officials said.`],
  [
    'ar',
    (b) => `مراسم في ${b} إيذانا بانتهاء الوجود الأمريكي\nأقيمت المراسم يوم الثلاثاء بحضور قادة عسكريين.`,
  ],
  ['ar', (b) => `القوات الأمريكية تفكك رادارات وأبراجا في ${b}\nبدأ العمل يوم الأحد بحسب مصادر أمنية.`],
  ['ar', (b) => `رتل أمريكي يغادر ${b} باتجاه الكويت\nغادر الرتل صباح اليوم بحسب مصدر أمني.`],
];

describe('flashes: a headline and one sentence are scored on what they say', () => {
  it('alerts on flashes of each class of drawdown event at each base, in Arabic and English', () => {
    for (const [lang, flash] of ON_TOPIC) {
      for (const base of lang === 'en' ? BASES_EN : BASES_AR) {
        const r = score(flash(base), lang);
        expect(r.decision, flash(base)).toBe('alert');
      }
    }
  });

  it('names the headline as a reason', () => {
    const r = score(ON_TOPIC[0]![1](BASES_EN[0]!), 'en');
    // The headline's own frame or its withdrawal word, whichever the weights in force count.
    expect(r.reasons.some((x) => x.kind === 'title' && x.weight > 0)).toBe(true);
  });

  it('does not alert on flashes about other theatres, arrivals or earlier episodes', () => {
    const off: Array<[string, string]> = [
      ['en', 'US convoy leaves al-Tanf base in Syria\nThe convoy left the Syrian base for Jordan on Monday.'],
      ['ar', 'رتل أمريكي ينسحب من قاعدة التنف في سوريا\nغادر الرتل الأراضي السورية باتجاه الأردن.'],
      ['en', 'Weather: heavy rain expected in Baghdad\nForecasters said showers would continue on Tuesday.'],
      ['ar', 'ارتفاع أسعار الذهب في بغداد\nسجلت أسعار الذهب ارتفاعا جديدا اليوم.'],
      [
        'en',
        'US troops left Iraq in December 2011\nThe last American convoy crossed into Kuwait on December 18, 2011.',
      ],
    ];
    for (const [lang, text] of off) expect(score(text, lang).decision, text).not.toBe('alert');
  });
});
