/**
 * A first start: the feeds still hold thousands of older entries about other things (sport, prices, weather,
 * local services), so the window the index computes IDF from is mostly off-topic. The topic's own words ("US
 * forces", "coalition", "Iraq", "انسحاب") then look rare. They must not glue distinct drawdown events into one story:
 * a swallowed report is a missed alert. All texts here are constructed for the test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeGazetteers, parseGazetteer } from '../../../src/dedupe/gazetteer.js';
import { StoryIndex } from '../../../src/dedupe/story-index.js';
import type { StoryCandidate } from '../../../src/dedupe/story-index.js';
import { gazetteerFromTopic } from '../../../src/dedupe/topic-gazetteer.js';

const gazetteer = mergeGazetteers(
  parseGazetteer(readFileSync(new URL('../../../topics/gazetteer.yaml', import.meta.url), 'utf8')),
  gazetteerFromTopic(readFileSync(new URL('../../../topics/iraq-drawdown.yaml', import.meta.url), 'utf8')),
);

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Off-topic vocabularies: each item draws its words from one beat, with invented names so items differ. */
const AR_BEATS = [
  'مباراة الدوري فريق المدرب هدف اللاعب الملعب البطولة الجولة الفوز التعادل الجماهير الحكم النادي الموسم',
  'أسعار السوق الدولار البورصة التجار المستهلك السلع الذهب التضخم البنك المركزي الفائدة الأسهم الصادرات العملة',
  'الطقس الأمطار درجات الحرارة الرياح الغبار الأنواء الجوية المحافظات العاصفة الثلوج الرطوبة الضباب',
  'المدرسة الطلاب الامتحانات الوزارة التربية الجامعة المعلمين النتائج القبول الدراسة الصف المنهج',
  'المستشفى الأطباء المرضى اللقاح الصحة الدواء العيادة الوباء الحملة الممرضين العلاج الجراحة',
  'المهرجان الفيلم المسرح الفنان الجمهور الجائزة الكتاب المعرض الموسيقى الرواية الشاعر العرض',
  'الكهرباء الماء المشروع البلدية الشارع الجسر الصيانة المجاري الأرصفة المقاول التجهيز الإنارة',
].map((line) => line.split(' '));
const EN_BEATS = [
  'match league team coach goal player stadium championship round win draw fans referee club season',
  'prices market dollar exchange traders consumer goods gold inflation bank rates shares exports currency',
  'weather rain temperatures wind dust forecast provinces storm snow humidity fog',
  'school students exams ministry education university teachers results admission curriculum',
  'hospital doctors patients vaccine health medicine clinic outbreak campaign nurses treatment surgery',
  'festival film theatre artist audience award book fair music novel poet show',
].map((line) => line.split(' '));
const AR_MONTHS = ['تشرين الأول', 'تشرين الثاني', 'كانون الأول', 'آب', 'أيلول'];
const EN_MONTHS = ['October', 'November', 'December', 'August', 'September'];

/** `count` off-topic items published weeks before the drawdown reports, fetched now (a feed backlog). */
function offTopicItems(count: number): StoryCandidate[] {
  const random = createRandom(11);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const items: StoryCandidate[] = [];
  for (let i = 0; i < count; i++) {
    const english = random() < 0.3;
    const beat = pick(english ? EN_BEATS : AR_BEATS);
    const names = Array.from({ length: 4 }, () => `${pick(beat)}${Math.floor(random() * 400)}`);
    const words = Array.from({ length: 70 }, () => (random() < 0.25 ? pick(names) : pick(beat)));
    const day = 1 + Math.floor(random() * 28);
    const date = english ? `${day} ${pick(EN_MONTHS)} 2025` : `${day} ${pick(AR_MONTHS)} 2025`;
    items.push({
      id: `old-${i}`,
      lang: english ? 'en' : 'ar',
      title: names.slice(0, 3).join(' '),
      text: `${words.join(' ')} ${date} ${Math.floor(random() * 900)}`,
      publishedAt: new Date(Date.UTC(2025, 10, 1) + i * 600_000).toISOString(),
      seenAt: '2026-01-18T08:00:00Z',
    });
  }
  return items;
}

const report = (
  id: string,
  lang: 'ar' | 'en',
  publishedAt: string,
  title: string,
  text: string,
): StoryCandidate => ({ id, lang, title, text, publishedAt, seenAt: '2026-01-18T08:00:00Z' });

/** Distinct drawdown events, all full of the topic's words; some reported twice (another outlet, another language). */
const REPORTS: StoryCandidate[] = [
  report(
    'asad-ar',
    'ar',
    '2026-01-15T09:00:00Z',
    'القوات الأمريكية تنسحب من قاعدة عين الأسد وتسلمها للجيش العراقي',
    'أعلنت قيادة العمليات المشتركة اليوم الخميس 15 كانون الثاني انسحاب القوات الأمريكية وقوات التحالف الدولي من قاعدة عين الأسد الجوية في محافظة الأنبار، وتسلم الجيش العراقي القاعدة بالكامل. وقال الناطق باسم القائد العام للقوات المسلحة يحيى رسول إن 350 جنديا أمريكيا غادروا القاعدة ضمن المرحلة الثانية من انسحاب التحالف الدولي من العراق، وإن القوات العراقية باشرت تأمين المدرج والمخازن.',
  ),
  report(
    'asad-en',
    'en',
    '2026-01-15T11:30:00Z',
    'US forces withdraw from Ain al-Asad as Iraqi army takes over',
    'US forces and the international coalition withdrew from Ain al-Asad air base in Anbar province on Thursday, January 15, handing the base to the Iraqi army, the Joint Operations Command said. Spokesman Yahya Rasool said 350 American soldiers left the base in the second phase of the coalition withdrawal from Iraq, and Iraqi troops began securing the runway and depots.',
  ),
  report(
    'harir-ar',
    'ar',
    '2026-01-16T07:00:00Z',
    'رتل للتحالف الدولي يغادر قاعدة حرير باتجاه أربيل',
    'أفاد مصدر أمني في إقليم كردستان بأن رتلا عسكريا يضم 40 عجلة تابعة للتحالف الدولي والقوات الأمريكية غادر قاعدة حرير فجر الجمعة 16 كانون الثاني متجها إلى مطار أربيل، في إطار انسحاب القوات الأمريكية من العراق. وأضاف المصدر أن الرتل نقل معدات ثقيلة ومولدات وأجهزة اتصالات، وأن قوات البيشمركة رافقته حتى مشارف المدينة.',
  ),
  report(
    'victory-ar',
    'ar',
    '2026-01-14T12:00:00Z',
    'العراق يتسلم معسكر فكتوري قرب مطار بغداد من التحالف الدولي',
    'تسلمت وزارة الدفاع العراقية الأربعاء 14 كانون الثاني معسكر فكتوري المجاور لمطار بغداد الدولي من قوات التحالف الدولي، بعد انسحاب آخر المستشارين الأمريكيين منه. وقال وكيل الوزارة إن لجنة فنية جردت 12 مبنى ومستودعا، وإن انسحاب القوات الأمريكية من العاصمة اكتمل وفق الجدول الزمني المتفق عليه بين بغداد وواشنطن.',
  ),
  report(
    'pentagon-en',
    'en',
    '2026-01-16T18:00:00Z',
    'Pentagon says US troops in Iraq will fall below 1,500 by March',
    'Defense Secretary Pete Hegseth said on Friday that the number of US troops in Iraq will fall below 1,500 by the end of March as the coalition mission winds down. The withdrawal of US forces from federal Iraq is ahead of schedule, Hegseth told reporters at the Pentagon, adding that the remaining advisers would move to Erbil under a bilateral security arrangement.',
  ),
  report(
    'pentagon-ar',
    'ar',
    '2026-01-16T20:00:00Z',
    'هيغسيث: عدد القوات الأمريكية في العراق سينخفض إلى أقل من 1500 بحلول آذار',
    'قال وزير الدفاع الأمريكي بيت هيغسيث الجمعة إن عدد الجنود الأمريكيين في العراق سينخفض إلى أقل من 1500 جندي بحلول نهاية آذار مع اقتراب نهاية مهمة التحالف الدولي. وأضاف هيغسيث للصحفيين في البنتاغون أن انسحاب القوات الأمريكية من العراق يسير أسرع من الجدول، وأن المستشارين المتبقين سينتقلون إلى أربيل.',
  ),
  report(
    'kuwait-en',
    'en',
    '2026-01-17T10:00:00Z',
    'Coalition convoy crosses from Iraq into Kuwait through Safwan',
    'A convoy of about 60 coalition trucks crossed from southern Iraq into Kuwait through the Safwan border post on Saturday, January 17, an Iraqi border official said. The convoy carried equipment from US forces withdrawing from Iraq, the official said, and was escorted by Iraqi border guards from Basra to the crossing.',
  ),
  report(
    'commission-ar',
    'ar',
    '2026-01-17T14:00:00Z',
    'السوداني يبحث مع وفد أمريكي جدول انسحاب التحالف الدولي من كردستان',
    'بحث رئيس مجلس الوزراء محمد شياع السوداني السبت 17 كانون الثاني مع وفد أمريكي برئاسة المبعوث مارك سافايا جدول انسحاب قوات التحالف الدولي من إقليم كردستان، وفق ما أفاد مكتبه الإعلامي. وأكد السوداني أن الحكومة العراقية ملتزمة بالاتفاق مع واشنطن على إنهاء مهمة التحالف في العراق، وأن الجانبين سيعقدان جولة جديدة من الحوار الشهر المقبل.',
  ),
];

/** Every pair of report ids, split by whether the index put them in one story. */
function storiesOf(index: StoryIndex): Map<string, string> {
  return new Map(REPORTS.map((r) => [r.id, index.assign(r).storyId]));
}

describe('StoryIndex in a window of mostly off-topic items', () => {
  it('keeps distinct drawdown events apart and still joins reports of one event across languages', () => {
    const index = new StoryIndex({ gazetteer });
    for (const item of offTopicItems(2500)) index.assign(item);
    const story = storiesOf(index);
    expect(story.get('asad-en')).toBe(story.get('asad-ar'));
    expect(story.get('pentagon-ar')).toBe(story.get('pentagon-en'));
    const events = ['asad-ar', 'harir-ar', 'victory-ar', 'pentagon-en', 'kuwait-en', 'commission-ar'];
    expect(new Set(events.map((id) => story.get(id))).size).toBe(events.length);
  });

  it('gives the same stories with no off-topic items in the window', () => {
    const story = storiesOf(new StoryIndex({ gazetteer }));
    expect(story.get('asad-en')).toBe(story.get('asad-ar'));
    expect(story.get('pentagon-ar')).toBe(story.get('pentagon-en'));
    const events = ['asad-ar', 'harir-ar', 'victory-ar', 'pentagon-en', 'kuwait-en', 'commission-ar'];
    expect(new Set(events.map((id) => story.get(id))).size).toBe(events.length);
  });
});
