/**
 * Constructed article text for the simulated outlets (benchmark helper, not production code). Topic articles
 * follow the style of the drawdown reports in tests/fixtures/seeds and bench/data/corpus (a US or coalition move
 * out of an Iraqi base, troop numbers, officials' statements), with every slot (base, number, official, day,
 * destination) drawn at random and padded with varied everyday-news sentences, so that two generated reports
 * share little more than the topic words and the story index keeps them apart. Off-topic articles are built from
 * the same everyday-news sentences only.
 */

export type Lang = 'ar' | 'en';

export interface GeneratedArticle {
  lang: Lang;
  /** Built to be on the drawdown topic (the pipeline decides; the bench compares). */
  topical: boolean;
  title: string;
  summary: string;
  paragraphs: string[];
}

type Rng = () => number;

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

const AR = {
  bases: ['عين الأسد', 'فكتوريا', 'حرير', 'الحبانية', 'بلد', 'التاجي', 'القيارة', 'الرشيد', 'المطار'],
  provinces: ['الأنبار', 'بغداد', 'أربيل', 'صلاح الدين', 'نينوى', 'ديالى', 'كركوك', 'البصرة', 'واسط'],
  destinations: ['الكويت', 'أربيل', 'الأردن', 'قطر', 'ألمانيا', 'البحرين'],
  officials: [
    'المتحدث باسم القائد العام للقوات المسلحة',
    'قائد العمليات المشتركة',
    'مستشار الأمن القومي',
    'وزير الدفاع العراقي',
    'عضو لجنة الأمن والدفاع النيابية',
    'مصدر أمني رفيع',
    'رئيس أركان الجيش',
  ],
  moves: [
    'انسحاب القوات الأمريكية من قاعدة {base}',
    'مغادرة قوات التحالف الدولي قاعدة {base}',
    'تسليم قاعدة {base} إلى القوات العراقية بعد انسحاب القوات الأمريكية',
    'خروج رتل للقوات الأمريكية من قاعدة {base} باتجاه {dest}',
    'إنهاء مهمة التحالف الدولي في قاعدة {base}',
  ],
  leads: [
    'أعلن {official} اليوم {day} استكمال {move} في محافظة {province}، ضمن الجدول المتفق عليه لإنهاء مهمة التحالف الدولي في العراق.',
    'كشف {official} عن {move}، مؤكداً أن عدد الجنود الأمريكيين المتبقين انخفض إلى نحو {n} جندي.',
    'قال {official} إن {move} جرى فجر {day}، وإن {n} عنصراً من قوات التحالف غادروا نحو {dest}.',
  ],
  support: [
    'وأضاف أن القوات العراقية تسلمت المنشآت والمعدات في القاعدة، وأن الانسحاب يجري وفق الاتفاق الموقع بين بغداد وواشنطن.',
    'وأشار إلى أن المرحلة التالية من الانسحاب ستشمل {n2} مستشاراً عسكرياً حتى نهاية أيلول المقبل.',
    'وبين أن الحكومة العراقية تتجه إلى علاقات أمنية ثنائية مع الولايات المتحدة بعد انتهاء مهمة التحالف.',
    'وذكرت مصادر محلية أن {n2} شاحنة محملة بالمعدات العسكرية خرجت من القاعدة خلال الساعات الماضية.',
    'ويأتي ذلك تنفيذاً لقرار اللجنة العسكرية العليا بشأن جدولة انسحاب قوات التحالف من العراق.',
    'ولفت {official2} إلى أن بقاء {n2} مستشاراً مؤقت وأن الانسحاب الكامل سيكتمل وفق الجدول.',
  ],
  titles: [
    '{move}',
    '{official}: {move}',
    'بدء {move} وسط إجراءات أمنية مشددة',
    'مصادر: {move} خلال {n2} يوماً',
  ],
  everyday: [
    'وافتتحت دائرة صحة {province} مستشفى جديداً بسعة {n} سرير في قضاء {town}.',
    'وشهدت أسواق {town} ارتفاعاً في أسعار {good} بنسبة {pct} بالمئة خلال الأسبوع الماضي.',
    'وأعلنت مديرية التربية في {province} نتائج الامتحانات الوزارية لـ{n} طالب وطالبة.',
    'وفاز نادي {club} على منافسه بهدفين مقابل هدف في الدوري الممتاز يوم {day}.',
    'وقالت وزارة الكهرباء إن ساعات التجهيز في {town} تحسنت بعد صيانة {n} محطة تحويلية.',
    'وأطلقت بلدية {town} حملة لتأهيل {n} شارعاً وزراعة الأشجار في الأحياء السكنية.',
    'وتوقعت هيئة الأنواء الجوية أمطاراً متفرقة على {province} مع انخفاض درجات الحرارة إلى {pct} درجة.',
    'واستقبل معرض {town} الدولي للكتاب أكثر من {n} زائر في يومه الأول بمشاركة دور نشر عربية.',
    'وأكدت وزارة الزراعة تسويق {n} طن من {good} من حقول {province} إلى السايلوات الحكومية.',
    'وناقش مجلس محافظة {province} مشروع موازنة الخدمات البلدية وخطة إنشاء {n} مدرسة جديدة.',
  ],
  offTitles: [
    'افتتاح مستشفى جديد في {town}',
    'ارتفاع أسعار {good} في أسواق {province}',
    'نادي {club} يفوز في الدوري الممتاز',
    'حملة لتأهيل شوارع {town}',
    'تسويق {n} طن من {good} في {province}',
  ],
  towns: [
    'الرمادي',
    'الفلوجة',
    'هيت',
    'سامراء',
    'بعقوبة',
    'الحلة',
    'الكوت',
    'العمارة',
    'الديوانية',
    'السماوة',
  ],
  goods: ['الطماطم', 'الحنطة', 'الرز', 'الدجاج', 'البيض', 'السكر', 'الشعير', 'التمور'],
  clubs: ['الزوراء', 'الشرطة', 'الطلبة', 'الجوية', 'نفط الوسط', 'الكرخ', 'زاخو', 'أربيل'],
  days: ['السبت', 'الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة'],
};

const EN = {
  bases: ['Ain al-Asad', 'Victory Base', 'Harir', 'Habbaniyah', 'Balad', 'Taji', 'Qayyarah', 'Al-Rasheed'],
  provinces: ['Anbar', 'Baghdad', 'Erbil', 'Salahuddin', 'Nineveh', 'Diyala', 'Kirkuk', 'Basra', 'Wasit'],
  destinations: ['Kuwait', 'Erbil', 'Jordan', 'Qatar', 'Germany', 'Bahrain'],
  officials: [
    "the Iraqi prime minister's military spokesman",
    'the Joint Operations Command',
    "Iraq's national security adviser",
    'a senior Pentagon official',
    'a member of the parliamentary security committee',
    'a coalition spokesperson',
    'the Iraqi army chief of staff',
  ],
  moves: [
    'US forces withdrew from {base} air base',
    'the US-led coalition left {base}',
    'Iraqi forces took over {base} after the US withdrawal',
    'a US military convoy left {base} for {dest}',
    "the coalition's mission at {base} came to an end",
  ],
  leads: [
    '{Official} said on {day} that {move} in {province} province, under the agreed timetable to end the coalition mission in Iraq.',
    '{Official} confirmed that {move}, adding that the number of US troops in Iraq has fallen to about {n}.',
    '{Official} said {move} early on {day}, with {n} coalition personnel relocating to {dest}.',
  ],
  support: [
    'Iraqi units took control of the facilities and equipment, and the withdrawal follows the agreement between Baghdad and Washington.',
    'The next phase of the drawdown will cover {n2} military advisers by the end of September, officials said.',
    'Baghdad is moving toward bilateral security partnerships with the United States once the coalition mission ends.',
    'Local sources said {n2} trucks loaded with military equipment left the base over the past hours.',
    'The move implements the Higher Military Commission schedule for the coalition withdrawal from Iraq.',
    '{Official2} said about {n2} advisers would stay for now and the full withdrawal would finish on schedule.',
  ],
  titles: ['{Move}', '{Official}: {move}', 'Drawdown: {move}', 'Officials say {move} within {n2} days'],
  everyday: [
    'The health directorate in {province} opened a new hospital with {n} beds in {town}.',
    'Prices of {good} in {town} markets rose by {pct} percent over the past week.',
    'The education directorate in {province} announced exam results for {n} students.',
    '{club} beat their rivals two goals to one in the premier league on {day}.',
    'The electricity ministry said supply hours in {town} improved after maintenance of {n} substations.',
    'The municipality of {town} launched a campaign to pave {n} streets and plant trees.',
    'Forecasters expect scattered rain over {province} with temperatures dropping to {pct} degrees.',
    'The {town} international book fair welcomed more than {n} visitors on its first day.',
    'The agriculture ministry said {n} tonnes of {good} from {province} fields reached state silos.',
    'The {province} provincial council discussed the municipal services budget and plans for {n} new schools.',
  ],
  offTitles: [
    'New hospital opens in {town}',
    '{good} prices climb in {province} markets',
    '{club} win in the premier league',
    'Street paving campaign in {town}',
    '{n} tonnes of {good} delivered in {province}',
  ],
  towns: ['Ramadi', 'Fallujah', 'Hit', 'Samarra', 'Baquba', 'Hilla', 'Kut', 'Amarah', 'Diwaniyah', 'Samawah'],
  goods: ['tomatoes', 'wheat', 'rice', 'poultry', 'eggs', 'sugar', 'barley', 'dates'],
  clubs: ['Al-Zawraa', 'Al-Shorta', 'Al-Talaba', 'Al-Quwa Al-Jawiya', 'Naft Al-Wasat', 'Al-Karkh', 'Zakho'],
  days: ['Saturday', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
};

/** Random words that make each generated text unique (serial-like place and person names). */
const SYLLABLES_AR = ['كا', 'مي', 'رو', 'سل', 'دن', 'بو', 'تر', 'هي', 'فا', 'زو', 'نج', 'لي', 'قم', 'شر'];
const SYLLABLES_EN = [
  'ka',
  'mi',
  'ro',
  'sel',
  'dan',
  'bo',
  'tar',
  'hi',
  'fa',
  'zu',
  'naj',
  'li',
  'qam',
  'shar',
];

function uniqueName(rng: Rng, lang: Lang): string {
  const syl = lang === 'ar' ? SYLLABLES_AR : SYLLABLES_EN;
  const word = () => Array.from({ length: between(rng, 2, 3) }, () => pick(rng, syl)).join('');
  const name = `${word()} ${word()}`;
  return lang === 'en' ? name.replace(/\b\w/g, (c) => c.toUpperCase()) : name;
}

function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const lower = key.charAt(0).toLowerCase() + key.slice(1);
    const value = slots[lower] ?? `{${key}}`;
    return key === lower ? value : value.charAt(0).toUpperCase() + value.slice(1);
  });
}

function everydaySlots(rng: Rng, lang: Lang): Record<string, string> {
  const w = lang === 'ar' ? AR : EN;
  return {
    province: pick(rng, w.provinces),
    town: rng() < 0.5 ? pick(rng, w.towns) : uniqueName(rng, lang),
    good: pick(rng, w.goods),
    club: rng() < 0.5 ? pick(rng, w.clubs) : uniqueName(rng, lang),
    day: pick(rng, w.days),
    n: String(between(rng, 12, 9800)),
    pct: String(between(rng, 3, 40)),
  };
}

/** Words for filler sentences: everyday-news vocabulary (see `loadVocabulary`). */
export interface Vocabulary {
  ar: string[];
  en: string[];
}

/** Words near the topic are kept out of filler, so filler never pushes an off-topic article onto the topic. */
const TOPIC_NEAR =
  /انسحا|قوات|القوا|جيش|عسكر|قاعد|تحالف|أمريك|أميرك|واشنطن|العراق|سوري|withdr|troop|force|militar|base|coalition|iraq|syria|army|pentagon|us$/i;

/** Pseudo-words used when no corpus is available: 14 syllables make about 3,000 distinct words. */
function pseudoVocabulary(): Vocabulary {
  const words = (syl: string[]) => {
    const out: string[] = [];
    for (const a of syl) for (const b of syl) for (const c of ['', ...syl.slice(0, 8)]) out.push(a + b + c);
    return out;
  };
  return { ar: words(SYLLABLES_AR), en: words(SYLLABLES_EN) };
}

/**
 * Filler vocabulary from the label-0 `easy_negative` excerpts of a corpus file in the
 * bench/data/corpus/relevance-dev.jsonl format (real everyday-news words), else pseudo-words.
 */
export function buildVocabulary(corpusLines: string[] | null): Vocabulary {
  if (!corpusLines) return pseudoVocabulary();
  const vocab: Vocabulary = { ar: [], en: [] };
  for (const line of corpusLines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { lang?: string; grade?: string; text?: string };
    if (row.grade !== 'easy_negative' || (row.lang !== 'ar' && row.lang !== 'en')) continue;
    for (const word of (row.text ?? '').split(/[^\p{L}]+/u)) {
      if (word.length >= 3 && !TOPIC_NEAR.test(word)) vocab[row.lang].push(word);
    }
  }
  // Pseudo-words widen the vocabulary: a small one makes unrelated fillers overlap enough to link stories.
  const pseudo = pseudoVocabulary();
  return { ar: [...new Set([...vocab.ar, ...pseudo.ar])], en: [...new Set([...vocab.en, ...pseudo.en])] };
}

function everydayParagraphs(rng: Rng, lang: Lang, count: number, vocab: Vocabulary): string[] {
  const w = lang === 'ar' ? AR : EN;
  const words = vocab[lang];
  const salad = () => {
    const n = between(rng, 10, 18);
    const s = Array.from({ length: n }, () => pick(rng, words)).join(' ');
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    // Template sentences only now and then: shared wording is what links reports into one story.
    const a = rng() < 0.25 ? `${fill(pick(rng, w.everyday), everydaySlots(rng, lang))} ` : '';
    out.push(`${a}${salad()} ${salad()} ${salad()}`);
  }
  return out;
}

/** One constructed article; `rng` makes it reproducible. */
export function generateArticle(
  rng: Rng,
  options: { lang: Lang; topical: boolean; vocab: Vocabulary },
): GeneratedArticle {
  const { lang, topical, vocab } = options;
  const w = lang === 'ar' ? AR : EN;
  if (!topical) {
    const slots = everydaySlots(rng, lang);
    const paragraphs = everydayParagraphs(rng, lang, between(rng, 4, 6), vocab);
    const title = fill(pick(rng, w.offTitles), slots);
    return { lang, topical, title, summary: paragraphs[0] ?? title, paragraphs };
  }
  const base = rng() < 0.6 ? pick(rng, w.bases) : uniqueName(rng, lang);
  const dest = pick(rng, w.destinations);
  const official = rng() < 0.7 ? pick(rng, w.officials) : uniqueName(rng, lang);
  const slots = {
    base,
    dest,
    official,
    official2: uniqueName(rng, lang),
    province: pick(rng, w.provinces),
    day: pick(rng, w.days),
    n: String(between(rng, 150, 2500)),
    n2: String(between(rng, 3, 90)),
  };
  const move = fill(pick(rng, w.moves), slots);
  const full = { ...slots, move };
  const lead = fill(pick(rng, w.leads), full);
  const support = [...w.support]
    .sort(() => rng() - 0.5)
    .slice(0, 1)
    .map((s) => fill(s, full));
  const paragraphs = [lead, ...support, ...everydayParagraphs(rng, lang, between(rng, 3, 5), vocab)];
  // A unique name in the title keeps titles of different reports apart (outlets rarely repeat a headline).
  const title = `${fill(pick(rng, w.titles), full)} — ${uniqueName(rng, lang)}`;
  return { lang, topical, title, summary: lead, paragraphs };
}

/** A small seeded PRNG (mulberry32), so a run's articles can be reproduced from its seed. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
