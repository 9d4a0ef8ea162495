/**
 * Synthetic items for the scale run: events with shared words, several reports per event, reposts, spread over
 * days so the time window and eviction work as in production. Seeded, so runs are comparable.
 */
import type { StoryCandidate } from '../../src/dedupe/story-index.js';

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const AR_WORDS =
  'انسحاب قوات قاعدة بغداد اربيل الانبار الحكومة وزير مصدر امني اتفاق بيان مجلس النواب الفصائل هجوم طائرة مسيرة النفط الكهرباء الموازنة الانتخابات المحافظة الشرطة الجيش الحدود سوريا ايران تركيا واشنطن التحالف المستشارين المرحلة الثانية الجدول الزمني'.split(
    ' ',
  );
const EN_WORDS =
  'withdrawal troops base baghdad erbil anbar government minister source security agreement statement parliament factions attack drone oil electricity budget elections province police army border syria iran turkey washington coalition advisers phase schedule'.split(
    ' ',
  );

/** `count` items over `days` days: ~4 reports per event, 5 % reposts, 30 % English. */
export function createSyntheticItems(count: number, days = 30, seed = 7): StoryCandidate[] {
  const random = createRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const start = Date.UTC(2025, 7, 1);
  const items: StoryCandidate[] = [];
  let event = 0;
  while (items.length < count) {
    event++;
    const time = start + Math.floor((items.length / count) * days * 86_400_000);
    const lang = random() < 0.3 ? 'en' : 'ar';
    const words = lang === 'ar' ? AR_WORDS : EN_WORDS;
    const eventWords = Array.from({ length: 12 }, () => `${pick(words)}${Math.floor(random() * 50)}`);
    const reports = 1 + Math.floor(random() * 6);
    for (let r = 0; r < reports && items.length < count; r++) {
      const body = Array.from({ length: 120 }, () => (random() < 0.35 ? pick(eventWords) : pick(words))).join(
        ' ',
      );
      const item: StoryCandidate = {
        id: `s${items.length}`,
        lang,
        title: eventWords.slice(0, 6).join(' '),
        text: `${body} ${event} ${Math.floor(random() * 5000)}`,
        url: `https://outlet${r}.example/news/${event}-${r}`,
        publishedAt: new Date(time + r * 3_600_000).toISOString(),
      };
      items.push(item);
      if (random() < 0.05 && items.length < count) {
        items.push({ ...item, id: `s${items.length}`, url: `https://mirror.example/${items.length}` });
      }
    }
  }
  return items;
}
