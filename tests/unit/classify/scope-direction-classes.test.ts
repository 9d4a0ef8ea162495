/**
 * Classes of false alert named in issue 18, each with several texts of our own wording: earlier drawdowns
 * (2011, 2018, 2020, 2021) told as if current, withdrawals from Syria that move forces into Iraq, the end of the
 * UN mission, faction threats with no withdrawal angle — and, beside each class, the current report it must
 * not swallow.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyItem } from '../../../src/classify/classify-item.js';
import { loadTopics } from '../../../src/classify/load-topics.js';

const topic = loadTopics(join(import.meta.dirname, '../../../topics')).find((t) => t.id === 'iraq-drawdown')!;
const classify = (text: string, lang: string, publishedAt: string | null = null) =>
  classifyItem({ text, lang, publishedAt }, topic);

describe('earlier drawdowns told as if current', () => {
  const earlier: Array<[string, string, string]> = [
    [
      'en',
      'The last US combat brigade drove across the border into Kuwait, ending the war in Iraq.',
      '2011-12-18',
    ],
    ['en', 'US forces begin leaving Iraq as President Obama keeps his promise to end the war.', '2011-10-22'],
    [
      'en',
      'The coalition hands the Qayyarah airfield to Iraqi forces as it reduces its footprint.',
      '2020-03-26',
    ],
    ['en', 'US troops withdraw from Camp Taji and hand the base to the Iraqi army.', '2020-08-23'],
    ['en', 'US combat mission in Iraq ends; remaining troops shift to an advisory role.', '2021-12-09'],
    ['ar', 'القوات الأمريكية تنسحب من قاعدة القيارة وتسلمها للجيش العراقي.', '2020-03-26'],
    ['ar', 'انتهاء المهمة القتالية للقوات الأمريكية في العراق وتحولها إلى دور استشاري.', '2021-12-09'],
    ['ar', 'آخر رتل أمريكي يعبر الحدود إلى الكويت معلنا انتهاء الحرب في العراق.', '2011-12-18'],
  ];
  it.each(earlier)('published then, it does not alert (%s: %s)', (lang, text, date) => {
    expect(classify(text, lang, `${date}T10:00:00Z`).decision).not.toBe('alert');
  });

  it.each([
    [
      'en',
      'Under Prime Minister Adel Abdul-Mahdi, parliament voted for the withdrawal of US forces from Iraq.',
    ],
    ['en', 'President Obama announced that all US troops would leave Iraq by the end of the year.'],
    ['en', 'After the killing of Qassem Soleimani, US forces began pulling out of several Iraqi bases.'],
    ['en', 'Prime Minister Mustafa al-Kadhimi said the US combat role in Iraq would end by December.'],
    ['ar', 'صوت البرلمان في عهد حكومة عادل عبد المهدي على انسحاب القوات الأمريكية من العراق.'],
    ['ar', 'أعلن الرئيس أوباما أن جميع القوات الأمريكية ستغادر العراق بنهاية العام.'],
    ['ar', 'قال رئيس الوزراء مصطفى الكاظمي إن الدور القتالي للقوات الأمريكية في العراق سينتهي.'],
  ])('undated, its era names it an earlier episode (%s: %s)', (lang, text) => {
    const c = classify(text, lang);
    expect(c.decision).not.toBe('alert');
    expect(c.evidence?.timeScope).not.toBe('current');
  });

  it.each([
    [
      'en',
      [
        'US forces withdrew from Ain al-Asad on Sunday, handing the base to the Iraqi army.',
        'The last American convoy left the Anbar base for Erbil at dawn, officials said.',
        'Coalition advisers will remain at Harir until the September deadline, a US spokesman said.',
        'American troops first left Iraq in 2011 and came back three years later.',
      ].join(' '),
    ],
    [
      'ar',
      [
        'انسحبت القوات الأمريكية من قاعدة عين الأسد يوم الأحد وسلمتها للجيش العراقي.',
        'وغادر آخر رتل أمريكي القاعدة في الأنبار باتجاه أربيل فجرا بحسب مسؤولين.',
        'وسيبقى مستشارو التحالف في حرير حتى موعد أيلول بحسب متحدث أمريكي.',
        'وكانت القوات الأمريكية قد غادرت العراق عام 2011 ثم عادت بعد ثلاث سنوات.',
      ].join(' '),
    ],
  ])('a current report that recalls 2011 in passing still alerts (%s)', (lang, text) => {
    expect(classify(text, lang, '2026-01-18T10:00:00Z').decision).toBe('alert');
  });
});

describe('withdrawals from Syria that move forces into Iraq', () => {
  it.each([
    ['en', 'US forces pulled out of the Shaddadi base in Hasakah and moved their equipment to Erbil.'],
    [
      'en',
      'A coalition convoy withdrawing from Syria crossed into the Kurdistan Region through the Rabia crossing.',
    ],
    ['en', 'American troops leaving Deir ez-Zor were redeployed to Ain al-Asad in western Iraq.'],
    ['ar', 'انسحبت القوات الأمريكية من قاعدة الشدادي في الحسكة ونقلت معداتها إلى أربيل.'],
    ['ar', 'عبر رتل للتحالف منسحب من سوريا إلى إقليم كردستان عبر منفذ ربيعة.'],
    ['ar', 'أعيد نشر الجنود الأمريكيين المنسحبين من دير الزور في قاعدة عين الأسد غرب العراق.'],
  ])('does not alert (%s: %s)', (lang, text) => {
    expect(classify(text, lang, '2026-02-10T10:00:00Z').decision).not.toBe('alert');
  });
  it.each([
    ['en', 'US forces left Ain al-Asad for bases in Syria and Kuwait on Sunday, officials said.'],
    ['ar', 'غادرت القوات الأمريكية قاعدة عين الأسد باتجاه الكويت يوم الأحد بحسب مسؤولين.'],
  ])('leaving Iraq for elsewhere still alerts (%s: %s)', (lang, text) => {
    expect(classify(text, lang, '2026-02-10T10:00:00Z').decision).toBe('alert');
  });
});

describe('the end of the UN mission', () => {
  it.each([
    ['en', 'UNAMI formally ended its mandate in Baghdad after more than two decades in Iraq.'],
    ['en', 'The UN Assistance Mission for Iraq closes its offices as its mission ends this month.'],
    ['en', 'The Security Council voted to end the UN political mission in Iraq by December.'],
    ['ar', 'أنهت بعثة الأمم المتحدة لمساعدة العراق يونامي مهامها في بغداد بعد أكثر من عشرين عاما.'],
    ['ar', 'مجلس الأمن يصوت على إنهاء مهمة بعثة الأمم المتحدة في العراق بنهاية العام.'],
  ])('does not alert (%s: %s)', (lang, text) => {
    expect(classify(text, lang, '2025-12-20T10:00:00Z').decision).not.toBe('alert');
  });
});

describe('faction threats with no withdrawal angle', () => {
  it.each([
    ['en', 'Kataib Hezbollah threatened to strike US interests in Iraq if the strikes on Lebanon continue.'],
    [
      'en',
      'An armed faction warned the United States that its bases in Iraq would be targets in any war on Iran.',
    ],
    ['en', 'Iraqi factions vowed retaliation against American forces after a drone strike in Baghdad.'],
    ['ar', 'هددت كتائب حزب الله باستهداف المصالح الأمريكية في العراق إذا استمرت الضربات على لبنان.'],
    ['ar', 'فصيل مسلح يحذر واشنطن من أن قواعدها في العراق ستكون أهدافا في أي حرب على إيران.'],
    ['ar', 'توعدت فصائل عراقية بالرد على القوات الأمريكية بعد غارة بطائرة مسيرة في بغداد.'],
  ])('does not alert (%s: %s)', (lang, text) => {
    expect(classify(text, lang, '2026-02-10T10:00:00Z').decision).not.toBe('alert');
  });
  it.each([
    ['en', 'Kataib Hezbollah said it would resume attacks unless US forces withdraw from Iraq by September.'],
    ['ar', 'قالت كتائب حزب الله إنها ستستأنف الهجمات ما لم تنسحب القوات الأمريكية من العراق بحلول أيلول.'],
  ])('a threat tied to the withdrawal still alerts (%s: %s)', (lang, text) => {
    expect(classify(text, lang, '2026-02-10T10:00:00Z').decision).toBe('alert');
  });
});

describe('the same classes as flashes (a headline and one sentence)', () => {
  it.each([
    ['en', 'US troops arrive in Erbil\nThe soldiers withdrew from bases in Deir ez-Zor overnight.', null],
    ['ar', 'وصول جنود أمريكيين إلى أربيل\nانسحب الجنود من قواعد في دير الزور ليلا.', null],
    [
      'en',
      'The Hasakah base stands empty\nUS forces there pulled most of their troops to Kurdistan via Sinjar.',
      null,
    ],
    ['ar', 'قاعدة في الحسكة خالية\nالقوات الأمريكية سحبت معظم جنودها إلى كردستان العراق عبر سنجار.', null],
    [
      'en',
      'Last US brigade leaves Iraq\nThe convoy crossed into Kuwait, ending the war.',
      '2011-12-18T10:00:00Z',
    ],
    ['en', 'UNAMI ends its mission\nThe UN team left Baghdad on Sunday after two decades.', null],
    ['ar', 'يونامي تنهي مهمتها\nغادر فريق الأمم المتحدة بغداد يوم الأحد.', null],
    [
      'en',
      'Faction threatens US forces\nThe group said bases in Iraq hosting Americans would be targeted.',
      null,
    ],
    ['ar', 'فصيل يهدد القوات الأمريكية\nقالت الجماعة إن القواعد في العراق ستكون أهدافا.', null],
  ])('does not alert (%s: %s)', (lang, text, date) => {
    expect(classify(text, lang, date).decision).not.toBe('alert');
  });
});
