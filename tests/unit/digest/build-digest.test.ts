import { describe, expect, it } from 'vitest';
import {
  buildDigest,
  rankValue,
  summaryOf,
  type BuildDigestInput,
} from '../../../src/digest/build-digest.js';
import { digestSettings, scheduledAt } from '../../../src/digest/digest-schedule.js';
import {
  expectedOrder,
  FIXTURE_DATE,
  FIXTURE_NOW,
  fixtureAlerted,
  fixtureChannel,
  fixtureItems,
  fixtureTopicThreshold,
  outletNames,
  WINDOW,
} from '../../fixtures/digest/fixture-day.js';

function input(overrides: Partial<BuildDigestInput> = {}): BuildDigestInput {
  const settings = digestSettings(fixtureChannel);
  return {
    channelId: fixtureChannel.id,
    subscription: fixtureChannel.subscription,
    settings,
    date: FIXTURE_DATE,
    scheduledAt: scheduledAt(FIXTURE_DATE, settings),
    window: WINDOW,
    items: fixtureItems,
    alertedStoryIds: fixtureAlerted,
    outletName: (id) => outletNames[id] ?? id,
    topicThreshold: fixtureTopicThreshold,
    send: null,
    now: FIXTURE_NOW,
    ...overrides,
  };
}

describe('buildDigest on the fixture day (fixed clock)', () => {
  const digest = buildDigest(input());

  it('keeps one entry per qualifying story, ranked by relevance and outlet count', () => {
    expect(digest.entries.map((e) => e.storyId)).toEqual(expectedOrder);
  });

  it('shows the headline of the strongest report in its own language, with direction', () => {
    const first = digest.entries[0];
    expect(first?.headline).toBe('التحالف الدولي يبدأ سحب قواته من قاعدة عين الأسد');
    expect(first?.lang).toBe('ar');
    expect(first?.dir).toBe('rtl');
    expect(first?.url).toBe(fixtureItems[0]?.url);
    expect(digest.entries.find((e) => e.storyId === 's-ainasad')?.dir).toBe('ltr');
  });

  it("credits the original: an aggregator's report leads only when no other outlet's qualifies", () => {
    const first = digest.entries[0];
    const leadSource = fixtureItems.find((i) => i.url === first?.url)?.sourceId ?? '';
    const credited = buildDigest(input({ isAggregator: (id) => id === leadSource })).entries.find(
      (e) => e.storyId === first?.storyId,
    );
    expect(credited?.url).not.toBe(first?.url);
    expect(fixtureItems.find((i) => i.url === credited?.url)?.sourceId).not.toBe(leadSource);
    const only = buildDigest(input({ isAggregator: () => true })).entries.find(
      (e) => e.storyId === first?.storyId,
    );
    expect(only?.url).toBe(first?.url);
  });

  it('lists every outlet once, earliest first, with links', () => {
    const withdraw = digest.entries[0];
    expect(withdraw?.outlets.map((o) => o.name)).toEqual(['Shafaq News', 'Rudaw', 'Alsumaria']);
    expect(withdraw?.outlets.every((o) => o.url.startsWith('https://'))).toBe(true);
    expect(digest.entries.find((e) => e.storyId === 's-handover')?.outlets).toHaveLength(5);
  });

  it('gives first-seen times in the channel time zone and a one-line reason', () => {
    const withdraw = digest.entries[0];
    expect(withdraw?.firstSeen).toBe('2026-11-21T09:10:00.000Z');
    expect(withdraw?.firstSeenLocal).toBe('Sat 12:10'); // 09:10 UTC = 12:10 in Baghdad, the day before
    expect(digest.entries.find((e) => e.storyId === 's-tie')?.firstSeenLocal).toBe('05:00');
    expect(withdraw?.reason).toBe('event: انسحاب · place: عين الأسد');
    // A story's first report counts as first seen even when it was below the threshold.
    expect(digest.entries.find((e) => e.storyId === 's-grows')?.firstSeen).toBe('2026-11-21T05:30:00.000Z');
  });

  it('marks stories already alerted to the channel', () => {
    expect(digest.entries.filter((e) => e.alerted).map((e) => e.storyId)).toEqual(['s-withdraw']);
  });

  it('reports window, schedule and settings', () => {
    expect(digest.window).toEqual({ start: '2026-11-21T05:00:00.000Z', end: '2026-11-22T05:00:00.000Z' });
    expect(digest.scheduledAt).toBe('2026-11-22T05:00:00.000Z');
    expect(digest.timeZone).toBe('Asia/Baghdad');
    expect(digest.whenEmpty).toBe('line');
  });

  it('applies the channel digest minScore on top of the topic threshold', () => {
    const strict = buildDigest(input({ settings: { ...digestSettings(fixtureChannel), minScore: 0.8 } }));
    expect(strict.entries.map((e) => e.storyId)).toEqual(['s-withdraw', 's-tie', 's-ainasad']);
  });

  it('is empty for a window with nothing in it', () => {
    const empty = buildDigest(
      input({ window: { start: new Date('2026-11-25T05:00:00Z'), end: new Date('2026-11-26T05:00:00Z') } }),
    );
    expect(empty.entries).toEqual([]);
  });

  it('rank value adds 0.05 per extra outlet, capped at six', () => {
    expect(rankValue(0.5, 1)).toBe(0.5);
    expect(rankValue(0.5, 5)).toBe(0.7);
    expect(rankValue(0.5, 50)).toBe(0.8);
  });
});

describe('the digest summary line', () => {
  it('takes the first sentence of the lead report, Arabic or English, past abbreviations and decimals', () => {
    const cases: Array<[string, string]> = [
      [
        'The U.S. military said on Sunday it had completed its withdrawal from Ain al-Asad. Officials added more.',
        'The U.S. military said on Sunday it had completed its withdrawal from Ain al-Asad.',
      ],
      [
        'أعلنت قيادة العمليات المشتركة اكتمال انسحاب القوات من قاعدة عين الأسد. وقال المتحدث إن الجدول ثابت.',
        'أعلنت قيادة العمليات المشتركة اكتمال انسحاب القوات من قاعدة عين الأسد.',
      ],
      [
        'هل تنسحب القوات الأمريكية من العراق قبل نهاية العام؟ يرى محللون أن ذلك ممكن.',
        'هل تنسحب القوات الأمريكية من العراق قبل نهاية العام؟',
      ],
      [
        'About 2.5 thousand troops will leave by September, officials said! More follows.',
        'About 2.5 thousand troops will leave by September, officials said!',
      ],
      ['A lead without any sentence end at all', 'A lead without any sentence end at all'],
    ];
    for (const [lead, expected] of cases) expect(summaryOf({ lead }, 'Some headline')).toBe(expected);
  });

  it('is null without a lead, or when the lead only repeats the headline', () => {
    expect(summaryOf({ lead: null }, 'x')).toBeNull();
    expect(summaryOf({ lead: '   ' }, 'x')).toBeNull();
    expect(summaryOf({}, 'x')).toBeNull();
    expect(
      summaryOf({ lead: 'US troops leave Ain al-Asad air base.' }, 'US troops leave Ain al-Asad air base'),
    ).toBeNull();
    expect(summaryOf({ lead: 'انسحاب القوات من عين الأسد.' }, 'انسحاب القوات من عين الأسد')).toBeNull();
  });

  it('gives each entry and outlet its item id and canonical URL, and the summary of the lead report', () => {
    const items = fixtureItems.map((i) =>
      i.storyId === 's-withdraw'
        ? {
            ...i,
            lead: `خبر ${i.id} عن انسحاب قوات التحالف من القاعدة الجوية. تفاصيل أخرى.`,
            canonicalUrl: `${i.url}-c`,
          }
        : i,
    );
    const withdraw = buildDigest(input({ items })).entries[0];
    const lead = fixtureItems[0];
    expect(withdraw?.itemId).toBe(lead?.id);
    expect(withdraw?.canonicalUrl).toBe(`${lead?.url}-c`);
    expect(withdraw?.summary).toBe(`خبر ${lead?.id} عن انسحاب قوات التحالف من القاعدة الجوية.`);
    expect(withdraw?.outlets.map((o) => o.itemId)).toEqual(
      fixtureItems.filter((i) => i.storyId === 's-withdraw').map((i) => i.id),
    );
    expect(buildDigest(input()).entries.every((e) => e.summary === null)).toBe(true);
  });

  it('carries the channel label language', () => {
    expect(buildDigest(input()).language).toBe('both');
    const settings = { ...digestSettings({ ...fixtureChannel, language: 'ar' }) };
    expect(buildDigest(input({ settings })).language).toBe('ar');
  });
});

describe('ranking ties', () => {
  it('puts the more recent story first when score and outlets are equal', () => {
    const base = fixtureItems[0];
    if (!base) throw new Error('fixture');
    const at = (storyId: string, fetchedAt: string, id: string) => ({
      ...base,
      id,
      storyId,
      fetchedAt,
      score: 0.8,
      title: storyId,
    });
    const items = [
      at('s-morning', '2026-11-21T06:00:00Z', 'x1'),
      at('s-evening', '2026-11-21T20:00:00Z', 'x2'),
      at('s-noon', '2026-11-21T12:00:00Z', 'x3'),
    ];
    expect(buildDigest(input({ items })).entries.map((e) => e.storyId)).toEqual([
      's-evening',
      's-noon',
      's-morning',
    ]);
  });
});
