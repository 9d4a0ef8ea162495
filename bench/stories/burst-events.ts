/**
 * A constructed burst of separate drawdown events (bench:burst): every event has its own action, place, date,
 * figures and official, drawn with a seeded RNG from generic templates (no corpus sentence is event text), and is
 * reported twice: as a full report (headline, three or four sentences, then one or two real background paragraphs
 * from the corpus, appended the way outlets do) and as a flash (headline and first sentence).
 */

export type Lang = 'ar' | 'en';
export type Rng = () => number;

interface Place {
  en: string;
  ar: string;
}

/** Bases, airfields and camps (the gazetteer's Iraqi-base category) and Iraqi cities and provinces. */
const PLACES: readonly Place[] = [
  { en: 'Ain al-Asad air base', ar: 'قاعدة عين الأسد' },
  { en: 'Harir air base', ar: 'قاعدة حرير' },
  { en: 'Camp Victory', ar: 'معسكر فكتوري' },
  { en: 'Baghdad International Airport', ar: 'مطار بغداد' },
  { en: 'Balad Air Base', ar: 'قاعدة بلد الجوية' },
  { en: 'Camp Taji', ar: 'معسكر التاجي' },
  { en: 'the Qayyarah airfield', ar: 'مطار القيارة' },
  { en: 'the Habbaniyah base', ar: 'قاعدة الحبانية' },
  { en: 'Al-Taqaddum air base', ar: 'قاعدة التقدم' },
  { en: 'Camp Speicher', ar: 'قاعدة سبايكر' },
  { en: 'the K1 base', ar: 'قاعدة كي وان' },
  { en: 'the Bashur airfield', ar: 'مطار بشور' },
  { en: 'Imam Ali Air Base', ar: 'قاعدة الإمام علي الجوية' },
  { en: 'the Union III compound', ar: 'مجمع يونيون 3' },
  { en: 'the al-Muthanna base', ar: 'قاعدة المثنى' },
  { en: 'the Atrush camp', ar: 'معسكر أتروش' },
  { en: 'the Makhmour camp', ar: 'معسكر مخمور' },
  { en: 'a base near Sinjar', ar: 'قاعدة قرب سنجار' },
  { en: 'a camp near Duhok', ar: 'معسكر قرب دهوك' },
  { en: 'a base outside Fallujah', ar: 'قاعدة خارج الفلوجة' },
  { en: 'a camp in Ramadi', ar: 'معسكر في الرمادي' },
  { en: 'a base near Tikrit', ar: 'قاعدة قرب تكريت' },
  { en: 'a post near Samarra', ar: 'موقع قرب سامراء' },
  { en: 'a camp in Salahuddin', ar: 'معسكر في صلاح الدين' },
  { en: 'a base in Diyala', ar: 'قاعدة في ديالى' },
  { en: 'the al-Qaim border post', ar: 'موقع قضاء القائم الحدودي' },
  { en: 'a post near Rutba', ar: 'موقع قرب الرطبة' },
  { en: 'a camp near Haditha', ar: 'معسكر قرب سد حديثة' },
  { en: 'a facility in Najaf', ar: 'منشأة في النجف' },
  { en: 'a facility in Karbala', ar: 'منشأة في كربلاء' },
  { en: 'a base near Nasiriyah', ar: 'قاعدة قرب الناصرية' },
  { en: 'a facility in Kut', ar: 'منشأة في الكوت' },
  { en: 'a camp near Amarah', ar: 'معسكر قرب العمارة' },
  { en: 'a camp near Hillah', ar: 'معسكر قرب الحلة' },
  { en: 'a post in Diwaniyah', ar: 'موقع في الديوانية' },
  { en: 'a base near Tal Afar', ar: 'قاعدة قرب تلعفر' },
  { en: 'the Umm Qasr port facility', ar: 'منشأة ميناء أم قصر' },
  { en: 'a base in Kirkuk', ar: 'قاعدة في كركوك' },
  { en: 'a base near Mosul', ar: 'قاعدة قرب الموصل' },
  { en: 'a facility in Basra', ar: 'منشأة في البصرة' },
  { en: 'a base in Sulaymaniyah', ar: 'قاعدة في السليمانية' },
  { en: 'a camp in Anbar', ar: 'معسكر في الأنبار' },
];

const DESTINATIONS: readonly Place[] = [
  { en: 'Kuwait', ar: 'الكويت' },
  { en: 'Jordan', ar: 'الأردن' },
  { en: 'Erbil', ar: 'أربيل' },
];

/** Officials: a role and an invented name (the templates name people the corpus does not). */
const OFFICIALS: ReadonlyArray<{ en: string; ar: string }> = [
  ['Major General', 'اللواء', 'Karim Jassim', 'كريم جاسم'],
  ['Brigadier General', 'العميد', 'Salah Mahdi', 'صلاح مهدي'],
  ['Lieutenant General', 'الفريق', 'Hamid Saadi', 'حامد السعدي'],
  ['Colonel', 'العقيد', 'Faris Obeidi', 'فارس العبيدي'],
  ['Major General', 'اللواء', 'Nabil Tamimi', 'نبيل التميمي'],
  ['Brigadier General', 'العميد', 'Qasim Rubaie', 'قاسم الربيعي'],
  ['Lieutenant General', 'الفريق', 'Adel Zubaidi', 'عادل الزبيدي'],
  ['Colonel', 'العقيد', 'Ziad Khafaji', 'زياد الخفاجي'],
  ['Major General', 'اللواء', 'Mahmoud Jubouri', 'محمود الجبوري'],
  ['Brigadier General', 'العميد', 'Hussein Lami', 'حسين اللامي'],
  ['Lieutenant General', 'الفريق', 'Sami Dulaimi', 'سامي الدليمي'],
  ['Colonel', 'العقيد', 'Raad Shammari', 'رعد الشمري'],
  ['Major General', 'اللواء', 'Ammar Hakim', 'عمار الحكيم'],
  ['Brigadier General', 'العميد', 'Walid Karkhi', 'وليد الكرخي'],
  ['Colonel', 'العقيد', 'Yousif Aboudi', 'يوسف العبودي'],
  ['Major General', 'اللواء', 'Ghassan Bayati', 'غسان البياتي'],
].map(([enRole, arRole, enName, arName]) => ({
  en: `${enRole} ${enName}`,
  ar: `${arRole} ${arName}`,
}));

const UNITS: ReadonlyArray<{ en: string; ar: string }> = [
  { en: 'the Joint Operations Command', ar: 'قيادة العمليات المشتركة' },
  { en: 'the Higher Military Commission', ar: 'اللجنة العسكرية العليا' },
  { en: 'the Defence Ministry', ar: 'وزارة الدفاع' },
  { en: 'the army chief of staff office', ar: 'رئاسة أركان الجيش' },
];

const MONTHS_EN = ['September', 'October'];
const MONTHS_AR = ['أيلول', 'تشرين الأول'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS_AR = ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'];

export interface BurstEvent {
  id: string;
  lang: Lang;
  action: string;
  headline: string;
  /** Sentences of the report, first the lead (the flash's sentence). */
  sentences: string[];
}

interface Slots {
  place: string;
  dest: string;
  official: string;
  unit: string;
  n: number;
  m: number;
  date: string;
  weekday: string;
  deadline: string;
}

type Template = (s: Slots) => { headline: string; sentences: string[] };

/** Ten actions, each phrased once per language; slots carry what tells one event from another. */
const ACTIONS: Record<string, Record<Lang, Template>> = {
  convoy: {
    en: (s) => ({
      headline: `US convoy of ${s.n} vehicles leaves ${s.place} for ${s.dest}`,
      sentences: [
        `A convoy of ${s.n} US military vehicles left ${s.place} on ${s.weekday}, ${s.date}, heading for ${s.dest}, ${s.official} said.`,
        `The trucks carried armoured vehicles, generators and communications gear, and ${s.m} Iraqi troops escorted the column.`,
        `${s.unit} said the move was part of the agreed schedule.`,
      ],
    }),
    ar: (s) => ({
      headline: `رتل أمريكي من ${s.n} آلية يغادر ${s.place} باتجاه ${s.dest}`,
      sentences: [
        `غادر رتل أمريكي يضم ${s.n} آلية عسكرية ${s.place} يوم ${s.weekday} ${s.date} متجها إلى ${s.dest}، بحسب ما أفاد ${s.official}.`,
        `وحملت الشاحنات مدرعات ومولدات ومعدات اتصال، ورافقها ${s.m} جنديا عراقيا.`,
        `وقالت ${s.unit} إن التحرك يجري وفق الجدول المتفق عليه.`,
      ],
    }),
  },
  handover: {
    en: (s) => ({
      headline: `Iraq takes full control of ${s.place} after American pullout`,
      sentences: [
        `Iraqi forces took full control of ${s.place} on ${s.weekday}, ${s.date}, after the last American unit left, ${s.official} said.`,
        `Keys to ${s.m} buildings and ${s.n} hectares of the site were signed over to an Iraqi brigade.`,
        `${s.unit} said Iraqi units would now run the perimeter and the runway.`,
      ],
    }),
    ar: (s) => ({
      headline: `العراق يتسلم ${s.place} بالكامل بعد الانسحاب الأمريكي`,
      sentences: [
        `تسلمت القوات العراقية ${s.place} بالكامل يوم ${s.weekday} ${s.date} بعد مغادرة آخر وحدة أمريكية، وفق ${s.official}.`,
        `وجرى تسليم ${s.m} مبنى ومساحة ${s.n} هكتارا إلى لواء عراقي.`,
        `وأكدت ${s.unit} أن الوحدات العراقية ستتولى حماية المحيط والمدرج.`,
      ],
    }),
  },
  count: {
    en: (s) => ({
      headline: `${s.n} US troops still at ${s.place}, official says`,
      sentences: [
        `About ${s.n} US troops remain at ${s.place} as of ${s.date}, down from ${s.n + s.m} a month earlier, ${s.official} said.`,
        `The remaining soldiers are mostly trainers and logistics staff, he told reporters on ${s.weekday}.`,
        `${s.unit} expects the figure to fall further before ${s.deadline}.`,
      ],
    }),
    ar: (s) => ({
      headline: `${s.n} جندي أمريكي ما زالوا في ${s.place}`,
      sentences: [
        `قال ${s.official} إن نحو ${s.n} جندي أمريكي ما زالوا في ${s.place} حتى ${s.date}، مقارنة بـ${s.n + s.m} قبل شهر.`,
        `وأوضح يوم ${s.weekday} أن معظم الباقين مدربون وعناصر إسناد لوجستي.`,
        `وتتوقع ${s.unit} تراجع العدد قبل ${s.deadline}.`,
      ],
    }),
  },
  timetable: {
    en: (s) => ({
      headline: `Commission sets ${s.deadline} date for coalition exit from ${s.place}`,
      sentences: [
        `${s.unit} set ${s.deadline} as the date for coalition forces to leave ${s.place}, ${s.official} announced on ${s.weekday}, ${s.date}.`,
        `The timetable has ${s.m} stages and covers ${s.n} foreign personnel at the site.`,
        `Inspections of the site will start a week before the handover.`,
      ],
    }),
    ar: (s) => ({
      headline: `تحديد ${s.deadline} موعدا لخروج التحالف من ${s.place}`,
      sentences: [
        `حددت ${s.unit} يوم ${s.deadline} موعدا لخروج قوات التحالف من ${s.place}، وفق ما أعلن ${s.official} يوم ${s.weekday} ${s.date}.`,
        `ويتضمن الجدول ${s.m} مراحل ويشمل ${s.n} عنصرا أجنبيا في الموقع.`,
        `وستبدأ عمليات التفتيش قبل أسبوع من التسليم.`,
      ],
    }),
  },
  airlift: {
    en: (s) => ({
      headline: `${s.m} cargo flights airlift US equipment out of ${s.place}`,
      sentences: [
        `${s.m} cargo flights carried US equipment out of ${s.place} on ${s.weekday}, ${s.date}, ${s.official} said.`,
        `The aircraft moved about ${s.n} tonnes of materiel, including radar parts and ammunition.`,
        `${s.unit} said more flights were planned in the coming days.`,
      ],
    }),
    ar: (s) => ({
      headline: `${s.m} رحلة شحن تنقل معدات أمريكية من ${s.place}`,
      sentences: [
        `نقلت ${s.m} رحلة شحن جوي معدات أمريكية من ${s.place} يوم ${s.weekday} ${s.date}، بحسب ${s.official}.`,
        `وحملت الطائرات نحو ${s.n} طنا من العتاد بينها أجزاء رادارات وذخائر.`,
        `وقالت ${s.unit} إن رحلات أخرى مقررة خلال الأيام المقبلة.`,
      ],
    }),
  },
  ceremony: {
    en: (s) => ({
      headline: `Ceremony at ${s.place} marks end of US presence`,
      sentences: [
        `A ceremony at ${s.place} on ${s.weekday}, ${s.date}, marked the end of the US military presence there, with ${s.official} attending.`,
        `The American flag was lowered and ${s.m} Iraqi officers received the site documents.`,
        `${s.unit} said ${s.n} personnel had served at the site in recent years.`,
      ],
    }),
    ar: (s) => ({
      headline: `مراسم في ${s.place} إيذانا بانتهاء الوجود الأمريكي`,
      sentences: [
        `أقيمت مراسم في ${s.place} يوم ${s.weekday} ${s.date} إيذانا بانتهاء الوجود العسكري الأمريكي فيها، بحضور ${s.official}.`,
        `وأنزل العلم الأمريكي وتسلم ${s.m} ضابطا عراقيا وثائق الموقع.`,
        `وذكرت ${s.unit} أن ${s.n} عنصرا خدموا في الموقع خلال السنوات الماضية.`,
      ],
    }),
  },
  relocation: {
    en: (s) => ({
      headline: `Coalition advisers at ${s.place} relocated to ${s.dest}`,
      sentences: [
        `${s.n} coalition advisers based at ${s.place} were relocated to ${s.dest} on ${s.weekday}, ${s.date}, ${s.official} said.`,
        `Their move follows the closure of ${s.m} offices at the site.`,
        `${s.unit} said the advisers would continue to support Iraqi units remotely.`,
      ],
    }),
    ar: (s) => ({
      headline: `نقل مستشاري التحالف من ${s.place} إلى ${s.dest}`,
      sentences: [
        `نقل ${s.n} مستشارا من التحالف كانوا في ${s.place} إلى ${s.dest} يوم ${s.weekday} ${s.date}، وفق ${s.official}.`,
        `ويأتي النقل بعد إغلاق ${s.m} مكاتب في الموقع.`,
        `وقالت ${s.unit} إن المستشارين سيواصلون دعم الوحدات العراقية عن بعد.`,
      ],
    }),
  },
  statement: {
    en: (s) => ({
      headline: `${s.official}: pullout from ${s.place} complete by ${s.deadline}`,
      sentences: [
        `${s.official} said on ${s.weekday}, ${s.date}, that the withdrawal of US forces from ${s.place} would be complete by ${s.deadline}.`,
        `He said ${s.n} of the site's ${s.n + s.m} foreign personnel had already left.`,
        `${s.unit} will publish the final inventory after the handover.`,
      ],
    }),
    ar: (s) => ({
      headline: `${s.official}: الانسحاب من ${s.place} يكتمل في ${s.deadline}`,
      sentences: [
        `أكد ${s.official} يوم ${s.weekday} ${s.date} أن انسحاب القوات الأمريكية من ${s.place} سيكتمل في ${s.deadline}.`,
        `وأضاف أن ${s.n} من أصل ${s.n + s.m} عنصرا أجنبيا غادروا الموقع.`,
        `وستنشر ${s.unit} الجرد النهائي بعد التسليم.`,
      ],
    }),
  },
  dismantle: {
    en: (s) => ({
      headline: `US forces dismantle radar and towers at ${s.place}`,
      sentences: [
        `US forces began dismantling ${s.m} radar units and surveillance towers at ${s.place} on ${s.weekday}, ${s.date}, ${s.official} said.`,
        `About ${s.n} containers of equipment are being packed for shipment.`,
        `${s.unit} said the work would take several days.`,
      ],
    }),
    ar: (s) => ({
      headline: `القوات الأمريكية تفكك رادارات وأبراجا في ${s.place}`,
      sentences: [
        `بدأت القوات الأمريكية تفكيك ${s.m} أجهزة رادار وأبراج مراقبة في ${s.place} يوم ${s.weekday} ${s.date}، بحسب ${s.official}.`,
        `ويجري تحميل نحو ${s.n} حاوية من المعدات تمهيدا لشحنها.`,
        `وقالت ${s.unit} إن العمل سيستغرق عدة أيام.`,
      ],
    }),
  },
  deployment: {
    en: (s) => ({
      headline: `Iraqi army sends ${s.n} troops to secure ${s.place} after coalition exit`,
      sentences: [
        `The Iraqi army deployed ${s.n} troops to secure ${s.place} on ${s.weekday}, ${s.date}, after coalition forces left, ${s.official} said.`,
        `The force includes ${s.m} armoured vehicles and an air-defence unit.`,
        `${s.unit} said the deployment would be permanent.`,
      ],
    }),
    ar: (s) => ({
      headline: `الجيش العراقي يرسل ${s.n} جندي لتأمين ${s.place} بعد خروج التحالف`,
      sentences: [
        `نشر الجيش العراقي ${s.n} جندي لتأمين ${s.place} يوم ${s.weekday} ${s.date} بعد خروج قوات التحالف، وفق ${s.official}.`,
        `وتضم القوة ${s.m} مدرعة ووحدة دفاع جوي.`,
        `وأكدت ${s.unit} أن الانتشار سيكون دائما.`,
      ],
    }),
  },
};

export const ACTION_NAMES: readonly string[] = Object.keys(ACTIONS);

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;

/**
 * `count` events with distinct (action, place) pairs while they last (then distinct figures and dates), half in
 * each language.
 */
export function buildBurstEvents(rng: Rng, count: number): BurstEvent[] {
  const combos: Array<[string, number]> = [];
  for (const action of ACTION_NAMES) PLACES.forEach((_, i) => combos.push([action, i]));
  for (let i = combos.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [combos[i], combos[j]] = [combos[j] as [string, number], combos[i] as [string, number]];
  }
  const events: BurstEvent[] = [];
  for (let e = 0; e < count; e++) {
    const [action, placeIndex] = combos[e % combos.length] as [string, number];
    const lang: Lang = rng() < 0.5 ? 'ar' : 'en';
    const place = PLACES[placeIndex] as Place;
    const monthIndex = Math.floor(rng() * 2);
    const day = 1 + Math.floor(rng() * 28);
    const deadlineDay = 1 + Math.floor(rng() * 28);
    const deadlineMonth = (monthIndex + 1) % 2;
    const slots: Slots = {
      place: place[lang],
      dest: pick(rng, DESTINATIONS)[lang],
      official: pick(rng, OFFICIALS)[lang],
      unit: pick(rng, UNITS)[lang],
      n: 20 + Math.floor(rng() * 1980),
      m: 3 + Math.floor(rng() * 40),
      date: lang === 'en' ? `${MONTHS_EN[monthIndex]} ${day}` : `${day} ${MONTHS_AR[monthIndex] as string}`,
      weekday: pick(rng, lang === 'en' ? WEEKDAYS_EN : WEEKDAYS_AR),
      deadline:
        lang === 'en'
          ? `${MONTHS_EN[deadlineMonth]} ${deadlineDay}`
          : `${deadlineDay} ${MONTHS_AR[deadlineMonth] as string}`,
    };
    const template = ACTIONS[action]?.[lang];
    if (!template) continue;
    const { headline, sentences } = template(slots);
    events.push({ id: `ev${String(e).padStart(3, '0')}`, lang, action, headline, sentences });
  }
  return events;
}
