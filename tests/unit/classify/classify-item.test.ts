import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyItem } from '../../../src/classify/classify-item.js';
import { loadTopics } from '../../../src/classify/load-topics.js';

const topic = loadTopics(join(import.meta.dirname, '../../../topics')).find((t) => t.id === 'iraq-drawdown')!;
const classify = (text: string, extra: { title?: string; lang?: string; publishedAt?: string } = {}) =>
  classifyItem({ text, ...extra }, topic);
const labels = (text: string, extra = {}) => classify(text, extra).reasons.map((r) => r.label);

describe('classifyItem: the topic', () => {
  it('alerts on US forces leaving an Iraqi base, in Arabic', () => {
    const r = classify(
      'بدأت القوات الأمريكية الانسحاب من قاعدة عين الأسد في الأنبار باتجاه أربيل، تنفيذا للاتفاق مع بغداد على إنهاء مهمة التحالف الدولي في أيلول 2025.',
    );
    expect(r.decision).toBe('alert');
    expect(r.score).toBeGreaterThanOrEqual(topic.thresholds.alert);
    expect(r.reasons.map((x) => x.label)).toContain('place: Ain al-Asad (عين الأسد)');
  });

  it('alerts on the coalition ending its mission in Iraq, in English', () => {
    const r = classify(
      'Coalition forces will leave Baghdad and relocate to Erbil as the US-led mission in Iraq winds down under the agreement reached by the Higher Military Commission.',
    );
    expect(r.decision).toBe('alert');
    expect(r.reasons.some((x) => x.label.startsWith('marker: Higher Military Commission'))).toBe(true);
  });

  it('handles clitics and verb inflection (وبالانسحاب، سينسحبون، لقواتها)', () => {
    const r = classify(
      'وقال المسؤول إن الأمريكيين سينسحبون من العراق وبالانسحاب ستنتقل لقواتها المعدات إلى الكويت.',
    );
    expect(r.reasons.some((x) => x.kind === 'frame' && x.weight > 0)).toBe(true);
  });

  it('uses a title as its own strong signal', () => {
    const body = 'The Pentagon said on Tuesday that plans are on schedule.';
    const withTitle = classify(body, { title: 'US troops withdraw from Iraq base' });
    const without = classify(body);
    expect(withTitle.score).toBeGreaterThan(without.score);
    expect(withTitle.reasons.some((x) => x.kind === 'title')).toBe(true);
  });
});

describe('classifyItem: negatives', () => {
  it('drops forces arriving in Iraq from Syria (wrong direction) and says so', () => {
    const r = classify(
      'انسحبت قوات التحالف من قاعدة التنف في سوريا وخرجت أرتالها محملة بالمعدات باتجاه العراق. وأكدت مصادر أن الانسحاب من الأراضي السورية مستمر.',
    );
    expect(r.decision).not.toBe('alert');
    expect(r.reasons.some((x) => x.kind === 'direction' && x.weight < 0)).toBe(true);
  });

  it('drops a US withdrawal from Afghanistan', () => {
    const r = classify(
      'Pentagon: the last US troops left Kabul airport, completing the withdrawal from Afghanistan.',
    );
    expect(r.decision).toBe('drop');
    expect(r.reasons.some((x) => x.label.includes('Afghanistan') && x.weight < 0)).toBe(true);
  });

  it('drops Israeli withdrawals from Gaza and south Lebanon', () => {
    expect(classify('الجيش الإسرائيلي ينسحب من قطاع غزة إلى الخط الأصفر في المرحلة الأولى.').decision).toBe(
      'drop',
    );
    expect(classify('انسحاب الجيش الإسرائيلي من جنوب لبنان باستثناء خمس نقاط.').decision).toBe('drop');
  });

  it('drops a football club withdrawing from the league even in Erbil', () => {
    const r = classify('نادي أربيل يعلن الانسحاب من الدوري العراقي لكرة القدم بعد رفض تأجيل المباراة.');
    expect(r.decision).toBe('drop');
    expect(r.reasons.some((x) => x.label.includes('sport'))).toBe(true);
  });

  it('drops a politician withdrawing from elections', () => {
    expect(
      classify('أعلن النائب انسحابه من الانتخابات البرلمانية في العراق وانسحاب كتلته من البرلمان.').decision,
    ).toBe('drop');
  });

  it('holds back the 2011 pullout from alerts', () => {
    const r = classify(
      'US forces handed over Victory base to the Iraqi government as the withdrawal of US troops from Iraq continues, to be completed by the end of 2011 as Obama promised.',
    );
    expect(r.decision).not.toBe('alert');
    expect(r.reasons.some((x) => x.kind === 'time' && x.weight < 0)).toBe(true);
  });

  // Constructed texts: a current report that recalls 2011 at its end, and a 2011 report with the year up front.
  it('does not hold back a current report that recalls the 2011 pullout as background', () => {
    const r = classify(
      [
        'بدأت القوات الأمريكية بالانسحاب من قاعدة عين الأسد في محافظة الأنبار منذ مساء الخميس.',
        'وقالت مصادر أمنية إن القوات الأمريكية نقلت بعض الأفراد والمعدات جوا من القاعدة.',
        'ومن المتوقع أن يخلي الجيش الأمريكي قاعدة عين الأسد بصورة كاملة بحلول أيلول المقبل.',
        'ويأتي الانسحاب من القاعدة ضمن اتفاق بين واشنطن وبغداد لإنهاء مهام التحالف الدولي في العراق.',
        'وتستخدم القوات قاعدة عين الأسد كإحدى قواعدها الرئيسية في البلاد.',
        'وكانت القوات الأمريكية قد انسحبت من القاعدة عام 2011 قبل أن تعود إليها.',
      ].join(' '),
      { title: 'السفارة الأمريكية تحذر من تصاعد خطر داعش' },
    );
    expect(r.decision).toBe('alert');
    expect(r.reasons.some((x) => x.kind === 'time' && x.label.includes('as background'))).toBe(true);
    expect(r.reasons.some((x) => x.kind === 'time' && x.weight < 0)).toBe(false);
  });

  it('still holds back a report that names the earlier year in its lead', () => {
    const r = classify(
      [
        'في عام 2011 بدأت القوات الأمريكية بالانسحاب من قاعدة عين الأسد في محافظة الأنبار.',
        'وقالت مصادر أمنية إن القوات الأمريكية نقلت بعض الأفراد والمعدات جوا من القاعدة.',
        'ومن المتوقع أن يخلي الجيش الأمريكي قاعدة عين الأسد بصورة كاملة بحلول نهاية العام.',
        'ويأتي الانسحاب من القاعدة ضمن اتفاق بين واشنطن وبغداد.',
      ].join(' '),
    );
    expect(r.decision).not.toBe('alert');
    expect(r.reasons.some((x) => x.kind === 'time' && x.weight < 0)).toBe(true);
  });

  it('caps an item published before the process below the digest', () => {
    const text = 'US forces began withdrawing from Iraq and left Ain al-Asad for Kuwait.';
    expect(classify(text).decision).toBe('alert');
    const old = classify(text, { publishedAt: '2011-12-01T10:00:00Z' });
    expect(old.decision).toBe('drop');
    expect(old.reasons.some((x) => x.label.includes('published 2011-12-01'))).toBe(true);
  });

  it('does not alert on an attack on a base with no withdrawal angle', () => {
    expect(
      classify('استهدفت طائرة مسيرة قاعدة عين الأسد التي تستضيف قوات أمريكية غربي العراق.').decision,
    ).toBe('drop');
  });
});

describe('classifyItem: robustness', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['punctuation only', '... !!! ؟؟؟'],
    ['French', "Les troupes françaises quittent le Mali après neuf ans d'opération."],
    ['Chinese', '美军宣布从伊拉克撤军'],
    ['mixed scripts', 'القوات US forces 撤军 Ирак انسحاب withdraw 🙂 @everyone'],
    ['control characters', '\u0000\u0001\u202e\u200f'],
  ])('%s text gives a score, a decision and reasons, never an error', (_name, text) => {
    const r = classify(text, { lang: 'xx' });
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(['alert', 'digest', 'drop']).toContain(r.decision);
    expect(r.reasons.length).toBeGreaterThan(0);
  });

  it('classifies 1 MB of text and says it was cut', () => {
    const chunk = 'انسحاب القوات الأمريكية من العراق. Weather is fine. ';
    const text = chunk.repeat(Math.ceil(1_000_000 / chunk.length));
    const r = classify(text);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.reasons.some((x) => x.kind === 'input' && x.label.includes('first'))).toBe(true);
  });

  it('accepts null title, lang and publishedAt', () => {
    const r = classifyItem(
      { title: null, text: 'US troops leave Iraq', lang: null, publishedAt: null },
      topic,
    );
    expect(r.topicId).toBe('iraq-drawdown');
  });

  it('is deterministic', () => {
    const text = 'Coalition forces withdraw from Ain al-Asad toward Erbil, officials said.';
    expect(classify(text)).toEqual(classify(text));
  });

  it('starts reasons with the threshold decision', () => {
    expect(labels('US troops leave Iraq')[0]).toMatch(/^threshold: /);
  });
});
