import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadGazetteerDir } from '../../../src/dedupe/load-gazetteer-dir.js';
import { StoryIndex } from '../../../src/dedupe/story-index.js';

const gazetteer = loadGazetteerDir(fileURLToPath(new URL('../../../topics/', import.meta.url)));

const BG = {
  en: [
    'The coalition was formed in 2014 to fight the Islamic State group, and under the 2024 agreement its mission in federal Iraq ends in September 2025 while advisers stay in the Kurdistan Region until September 2026.',
    'Armed factions have repeatedly demanded a full withdrawal of foreign forces and have attacked bases hosting American troops, while the government says the drawdown follows a timetable agreed with Washington.',
  ],
  ar: [
    'وكان التحالف الدولي قد تشكل عام 2014 لمحاربة تنظيم داعش، وبموجب اتفاق عام 2024 تنتهي مهمته في العراق الاتحادي في أيلول 2025 على أن يبقى مستشارون في إقليم كردستان حتى أيلول 2026.',
    'وطالبت الفصائل المسلحة مرارا بانسحاب كامل للقوات الأجنبية واستهدفت قواعد تستضيف قوات أمريكية، فيما تقول الحكومة إن الانسحاب يجري وفق جدول متفق عليه مع واشنطن.',
  ],
};

const PLACES = [
  ['Harir air base', 'قاعدة حرير'],
  ['Balad Air Base', 'قاعدة بلد الجوية'],
  ['Camp Taji', 'معسكر التاجي'],
  ['the Habbaniyah base', 'قاعدة الحبانية'],
  ['Camp Speicher', 'قاعدة سبايكر'],
  ['a base near Tikrit', 'قاعدة قرب تكريت'],
] as const;

function convoy(lang: 'en' | 'ar', place: string, n: number, day: number, bg: string): string {
  return lang === 'en'
    ? `US convoy of ${n} vehicles leaves ${place}\nA convoy of ${n} US military vehicles left ${place} on September ${day}, officials said. The trucks carried generators and communications gear.\n${bg}`
    : `رتل أمريكي من ${n} آلية يغادر ${place}\nغادر رتل أمريكي يضم ${n} آلية عسكرية ${place} يوم ${day} أيلول بحسب مسؤولين. وحملت الشاحنات مولدات ومعدات اتصال.\n${bg}`;
}

describe('a burst of separate events in one wording', () => {
  it('keeps convoys from different bases apart despite shared wording and background paragraphs (ar, en)', () => {
    for (const lang of ['en', 'ar'] as const) {
      const index = new StoryIndex({ gazetteer });
      const stories = PLACES.map(([en, ar], i) =>
        index.assign({
          id: `${lang}-${i}`,
          lang,
          text: convoy(lang, lang === 'en' ? en : ar, 100 + 37 * i, 10 + i, BG[lang][i % 2]!),
          publishedAt: `2026-09-30T09:${String(10 + i).padStart(2, '0')}:00Z`,
        }),
      );
      if (process.env.DBG) console.log(stories.map((s) => s.reasons.join(' ')));
      expect(new Set(stories.map((s) => s.storyId)).size).toBe(PLACES.length);
    }
  });

  it('still joins one event reported by two outlets, and across languages', () => {
    const index = new StoryIndex({ gazetteer });
    for (const [i, [en, ar]] of PLACES.entries()) {
      index.assign({
        id: `other-${i}`,
        lang: 'en',
        text: convoy('en', en, 100 + 37 * i, 10 + i, BG.en[0]!),
        publishedAt: '2026-09-30T08:00:00Z',
      });
      void ar;
    }
    const a = index.assign({
      id: 'a',
      lang: 'en',
      text: `Last American unit hands Camp Victory to Iraqi army\nThe last American unit handed Camp Victory to the Iraqi army on September 28, Major General Karim Jassim said, with 420 soldiers leaving for Kuwait.\n${BG.en[1]!}`,
      publishedAt: '2026-09-30T09:00:00Z',
    });
    const b = index.assign({
      id: 'b',
      lang: 'ar',
      text: `آخر وحدة أمريكية تسلم معسكر فكتوري للجيش العراقي\nسلمت آخر وحدة أمريكية معسكر فكتوري إلى الجيش العراقي يوم 28 أيلول، وغادر 420 جنديا إلى الكويت.\n${BG.ar[1]!}`,
      publishedAt: '2026-09-30T09:20:00Z',
    });
    const c = index.assign({
      id: 'c',
      lang: 'en',
      text: `Iraqi army takes over Camp Victory as US unit departs\nIraq's army took over Camp Victory on September 28 after the last American unit left; 420 soldiers flew to Kuwait, Major General Karim Jassim said.`,
      publishedAt: '2026-09-30T09:30:00Z',
    });
    expect(b.storyId).toBe(a.storyId);
    expect(c.storyId).toBe(a.storyId);
  });
});
