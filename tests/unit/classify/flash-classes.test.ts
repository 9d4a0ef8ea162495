/**
 * Classes of short text (a headline and one sentence) that issue 18 found dropped, each in several phrasings of our
 * own and both languages, beside the look-alike that must stay quiet: the body that runs the process meeting, the
 * future of the security ties, statements on keeping the forces in Iraq (and not elsewhere), a place named after
 * "in"/"في" as where the forces are, and a dated recollection with an era cue inside a current report.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyItem } from '../../../src/classify/classify-item.js';
import { loadTopics } from '../../../src/classify/load-topics.js';

const topic = loadTopics(join(import.meta.dirname, '../../../topics')).find((t) => t.id === 'iraq-drawdown')!;
const classify = (text: string, lang: string, publishedAt: string | null = null) =>
  classifyItem({ text, lang, publishedAt }, topic);

describe('the body that runs the process, in a flash', () => {
  it.each([
    ['en', 'Higher Military Commission meets in Baghdad\nUS and Iraqi officers reviewed the next steps.'],
    ['en', 'The Higher Military Commission convenes in Baghdad\nAmerican officers attended the session.'],
    [
      'ar',
      'اللجنة العسكرية العليا تعقد جولة جديدة في بغداد\nبحث الجانبان العراقي والأمريكي المرحلة المقبلة.',
    ],
    ['ar', 'اجتماع جديد للجنة العسكرية العراقية الأمريكية في بغداد\nلم يعلن الجانبان عن قرارات.'],
  ])('alerts, saying the body stood for the action (%s: %s)', (lang, text) => {
    const c = classify(text, lang);
    expect(c.decision).toBe('alert');
    expect(c.reasons.some((r) => r.label.includes('process body'))).toBe(true);
  });

  it.each([
    ['en', 'Iraqi-Iranian joint committee meets in Baghdad\nOfficials reviewed border security.'],
    ['ar', 'اللجنة العراقية الإيرانية المشتركة تجتمع في بغداد\nبحث المسؤولون أمن الحدود.'],
    // The body named, but neither the forces nor a place in the text.
    ['en', 'Higher Military Commission meets\nNo decisions were announced.'],
  ])('another committee, or the body without the forces and a place, does not (%s: %s)', (lang, text) => {
    expect(classify(text, lang).decision).not.toBe('alert');
  });
});

describe('the future of the security ties with the US forces', () => {
  it.each([
    [
      'en',
      'Sudani and CENTCOM commander discuss the future of security ties\nThe talks took place in Baghdad.',
    ],
    ['en', 'US military and Iraqi officials in Baghdad weigh the future of the bilateral relationship'],
    [
      'ar',
      'رئيس الوزراء يبحث مع قائد القيادة المركزية الأمريكية مستقبل العلاقات الأمنية\nجرى اللقاء في بغداد.',
    ],
    ['ar', 'بغداد وواشنطن تناقشان مستقبل الشراكة بين القوات الأمريكية والعراق'],
    ['en', 'Iraqi premier and CENTCOM chief meet in Baghdad to review future counterterrorism efforts'],
    ['ar', 'قائد القيادة المركزية الأمريكية يبحث في بغداد مستقبل جهود مكافحة الإرهاب'],
  ])('alerts (%s: %s)', (lang, text) => {
    expect(classify(text, lang, '2025-09-02T10:00:00Z').decision).toBe('alert');
  });

  it.each([
    ['en', 'Iraq and China discuss the future of trade ties\nThe talks took place in Baghdad.'],
    ['ar', 'العراق والصين يبحثان مستقبل العلاقات التجارية\nجرت المباحثات في بغداد.'],
  ])('without the US side it does not (%s: %s)', (lang, text) => {
    expect(classify(text, lang, '2025-09-02T10:00:00Z').decision).not.toBe('alert');
  });
});

describe('keeping the forces: in Iraq it is the topic, elsewhere it is not', () => {
  it.each([
    ['en', 'Iraqi FM: Iraq still needs the presence of US forces\nHe said the ISIS threat in Iraq persists.'],
    [
      'en',
      'Sudani: weapons cannot be brought under state control while the US-led coalition remains in Iraq',
    ],
    ['ar', 'وزير الخارجية: العراق بحاجة إلى وجود القوات الأمريكية\nوأكد أن خطر داعش في العراق ما زال قائما.'],
    ['ar', 'وزير الدفاع: بقاء قوات التحالف في العراق ضروري في هذه المرحلة'],
  ])('alerts (%s: %s)', (lang, text) => {
    expect(classify(text, lang, '2025-06-06T10:00:00Z').decision).toBe('alert');
  });

  it.each([
    [
      'en',
      "Iraqi minister urges the coalition to stay in Syria\nHe said it is necessary for Iraq's security.",
    ],
    ['en', 'An Iraqi official said US troops in Syria will stay for now\nHe spoke in Baghdad.'],
    ['en', 'US troops in Syria remain at their bases\nOfficials in Baghdad said.'],
    ['ar', 'وزير عراقي يدعو إلى بقاء قوات التحالف في سوريا\nوقال إن ذلك ضروري لأمن العراق.'],
    ['ar', 'وزير الدفاع العراقي يشدد على أهمية بقاء التحالف الدولي في سوريا لمواجهة داعش'],
  ])('in Syria it does not, however Iraqi the speaker (%s: %s)', (lang, text) => {
    expect(classify(text, lang, '2025-06-06T10:00:00Z').decision).not.toBe('alert');
  });

  it.each([
    [
      'en',
      'Kataib Hezbollah warns of attacks on the continued presence of American forces in Iraq\nIts fighters are ready.',
    ],
    [
      'en',
      'Nujaba: American presence in Iraq is an occupation we will resist\nThe faction spoke after a strike.',
    ],
    [
      'ar',
      'فصيل مسلح يهدد باستهداف استمرار وجود القوات الأمريكية في العراق\nوقال إن مقاتليه على أهبة الاستعداد.',
    ],
    ['ar', 'كتائب حزب الله: الوجود الأمريكي في العراق احتلال وسنقاومه\nجاء ذلك في بيان للفصيل.'],
  ])('a faction threat naming the presence as its target does not (%s: %s)', (lang, text) => {
    expect(classify(text, lang, '2025-06-06T10:00:00Z').decision).not.toBe('alert');
  });
});

describe('a dated recollection with an era cue inside a current report', () => {
  const current = (recollection: string) =>
    [
      'US forces withdrew from Ain al-Asad on Sunday and handed the base to the Iraqi army.',
      'The coalition said its remaining advisers would relocate to Erbil by September 2026.',
      'Iraqi officers took over the runways and the headquarters of the base on Monday.',
      'Coalition convoys left Victory base near Baghdad airport during the week.',
      recollection,
      'The handover of the last positions is due in the coming days, Iraqi officials said.',
    ].join(' ');
  it.each([
    'The base was struck by Iranian missiles in 2020, after the killing of Qassem Soleimani.',
    'In 2020, after Soleimani was killed, parliament had voted for the withdrawal of foreign forces.',
  ])('is background: the report alerts (%s)', (recollection) => {
    const c = classify(current(recollection), 'en');
    expect(c.decision).toBe('alert');
    expect(c.reasons.some((r) => r.label.includes('as background'))).toBe(true);
  });

  it('an era cue in a sentence of its own still dates the report', () => {
    const text = [
      'US forces withdrew from Ain al-Asad on Sunday and handed the base to the Iraqi army.',
      'Coalition convoys left Victory base near Baghdad airport during the week.',
      'Prime Minister Mustafa al-Kadhimi said the handover would go on.',
    ].join(' ');
    expect(classify(text, 'en').decision).not.toBe('alert');
  });

  it('a recollection with no current date is not background', () => {
    const text = [
      'US forces withdrew from Camp Taji on Sunday and handed the base to the Iraqi army.',
      'Coalition convoys left Qayyarah during the week.',
      'Iraqi officers took over the runways and the headquarters of the base.',
      'Coalition advisers also left the K1 base near Kirkuk.',
      'The base had been struck in 2020, after the killing of Qassem Soleimani.',
    ].join(' ');
    expect(classify(text, 'en').decision).not.toBe('alert');
  });
});
