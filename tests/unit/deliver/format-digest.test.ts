import { embedLength } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  digestTitle,
  emptyLine,
  formatDigest,
  formatEntry,
  STORIES_PER_MESSAGE,
  type DigestView,
} from '../../../src/deliver/digest/format-digest.js';
import { LINK_URL_CAP } from '../../../src/deliver/discord/link-choice.js';
import { onScreen, shownText, visual } from '../../helpers/bidi-visual.js';
import { discordLimitViolations } from '../../helpers/fake-discord.js';

type Entry = DigestView['entries'][number];

/** A percent-encoded Arabic slug URL of about `length` characters (the 400–450 character links). */
function encodedArabicUrl(host: string, i: number, length = 430): string {
  let slug = '';
  while (slug.length < length) slug += encodeURIComponent('انسحاب-القوات-من-عين-الأسد-');
  return `https://${host}/news/${i}/${slug.slice(0, length)}`;
}

function entry(i: number, overrides: Partial<Entry> = {}): Entry {
  const arabic = i % 2 === 0;
  return {
    storyId: `s-${i}`,
    itemId: `item-${i}`,
    headline: arabic
      ? `القوات الأمريكية تنسحب من قاعدة رقم ${i} في محافظة الأنبار غرب العراق وفق الجدول الزمني المتفق عليه`
      : `US-led coalition completes handover of base number ${i} to Iraqi security forces ahead of the deadline`,
    lang: arabic ? 'ar' : 'en',
    dir: arabic ? 'rtl' : 'ltr',
    url: `https://outlet-${i % 7}.example/news/2026/11/22/a-fairly-long-article-slug-for-story-${i}?utm_source=feed`,
    summary: arabic
      ? `أعلنت قيادة العمليات المشتركة أن القوات بدأت مغادرة القاعدة رقم ${i} صباح اليوم.`
      : `The Joint Operations Command said troops began leaving base ${i} on Sunday morning.`,
    outlets: Array.from({ length: 1 + (i % 5) }, (_, k) => ({
      name: k % 2 ? 'شفق نيوز' : `Outlet ${k}`,
      itemId: k === 0 ? `item-${i}` : `item-${i}-${k}`,
      url:
        k === 0
          ? `https://outlet-${i % 7}.example/news/2026/11/22/a-fairly-long-article-slug-for-story-${i}?utm_source=feed`
          : `https://outlet-${k}.example/world/middle-east/story-${i}-${k}`,
    })),
    firstSeenLocal: '07:42',
    reason: arabic ? 'event: انسحاب · place: عين الأسد' : 'event: withdrawal · place: Ain al-Asad',
    score: 0.9 - (i % 50) / 100,
    alerted: i % 3 === 0,
    ...overrides,
  };
}

function digest(entries: Entry[], overrides: Partial<DigestView> = {}): DigestView {
  return {
    channelId: 'iraq-digest',
    date: '2026-11-22',
    timeZone: 'Asia/Baghdad',
    time: '08:00',
    window: { start: '2026-11-21T05:00:00.000Z', end: '2026-11-22T05:00:00.000Z' },
    whenEmpty: 'line',
    entries,
    ...overrides,
  };
}

const messageTotal = (page: { embeds: Parameters<typeof embedLength>[0][] }) =>
  page.embeds.reduce((n, e) => n + embedLength(e), 0);
const descriptions = (pages: ReturnType<typeof formatDigest>) =>
  pages.flatMap((p) => p.embeds.map((e) => e.description ?? '')).join('\n\n');
/** The entry blocks of all pages, by their `**N.**` rank line. */
function blocksOf(pages: ReturnType<typeof formatDigest>): string[] {
  return descriptions(pages)
    .split(/\n\n/u)
    .map((b) => b.replace(/^__\*\*.*\*\*__\n/u, ''))
    .filter((b) => /^\*\*\d+\.\*\*/u.test(b));
}
const linksOf = (block: string) => [...block.matchAll(/\]\(<?([^)\s>]+)>?\)/gu)].map((m) => m[1] ?? '');

describe('formatDigest: packing and limits', () => {
  it('fits one story in one message with one embed, mentions disabled', () => {
    const pages = formatDigest(digest([entry(1)]));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.embeds).toHaveLength(1);
    expect(pages[0]?.allowed_mentions).toEqual({ parse: [] });
    expect(pages[0]?.content).toBeUndefined();
    expect(discordLimitViolations(pages[0])).toEqual([]);
    expect(pages[0]?.embeds[0]?.title).toContain('2026-11-22');
    expect(pages[0]?.embeds[0]?.description).toMatch(/^\*\*1\.\*\* \[\u2066US-led coalition/u);
  });

  it('fits 300 stories within every limit, each once, numbered in order, at most 25 per message', () => {
    const entries = Array.from({ length: 300 }, (_, i) => entry(i));
    const pages = formatDigest(digest(entries, { language: 'en' }));
    for (const page of pages) {
      expect(discordLimitViolations(page)).toEqual([]);
      expect(page.embeds.length).toBeLessThanOrEqual(10);
      expect(messageTotal(page)).toBeLessThanOrEqual(6000);
      const stories = page.embeds.reduce(
        (n, e) => n + [...(e.description ?? '').matchAll(/^\*\*\d+\.\*\*/gmu)].length,
        0,
      );
      expect(stories).toBeLessThanOrEqual(STORIES_PER_MESSAGE);
      for (const embed of page.embeds) expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    }
    const ranks = blocksOf(pages).map((b) => Number(/^\*\*(\d+)\./u.exec(b)?.[1]));
    expect(ranks).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // Every story appears once: its headline's number is in exactly one block.
    for (const i of [0, 1, 150, 299]) {
      const needle = i % 2 === 0 ? `قاعدة رقم ${i} ` : `base number ${i} `;
      expect(blocksOf(pages).filter((b) => b.includes(needle))).toHaveLength(1);
    }
    expect(pages[0]?.embeds[0]?.title).toContain(`(1/${pages.length})`);
  });

  it('puts 25 short stories in one message and the 26th in a second', () => {
    const short = (i: number) =>
      entry(i, {
        headline: i % 2 ? `Base ${i} handed over` : `تسليم القاعدة ${i}`,
        url: `https://ina.example/${i}`,
        summary: null,
        outlets: [{ name: 'INA', url: `https://ina.example/${i}`, itemId: `item-${i}` }],
      });
    expect(formatDigest(digest(Array.from({ length: 25 }, (_, i) => short(i))))).toHaveLength(1);
    const two = formatDigest(digest(Array.from({ length: 26 }, (_, i) => short(i))));
    expect(two).toHaveLength(2);
    expect(blocksOf([two[1] as (typeof two)[number]])).toHaveLength(1);
  });

  it('puts nine stories with 430-character encoded links in one message when shorter equivalents exist', () => {
    const entries = Array.from({ length: 9 }, (_, i) => {
      const url = encodedArabicUrl(`outlet-${i}.example`, i);
      return entry(i, {
        url,
        canonicalUrl: `https://outlet-${i}.example/news/${i}`,
        outlets: [{ name: 'Shafaq News', url, itemId: `item-${i}` }],
      });
    });
    const pages = formatDigest(digest(entries));
    expect(pages).toHaveLength(1);
    expect(blocksOf(pages)).toHaveLength(9);
  });
});

describe('formatDigest: links', () => {
  const long = (i: number, extra: Partial<Entry> = {}) => {
    const url = encodedArabicUrl(`shafaq.example`, i);
    const other = encodedArabicUrl('rudaw.example', i + 100, 450);
    return entry(i, {
      url,
      outlets: [
        { name: 'Shafaq News', url, itemId: `item-${i}` },
        { name: 'Rudaw', url: other, itemId: `other-${i}` },
      ],
      ...extra,
    });
  };

  it('links every headline and every other outlet, whatever the URL length', () => {
    for (const dashboard of [undefined, 'https://raqib.example/']) {
      const entries = [
        long(0),
        long(1),
        entry(2),
        entry(3),
        long(4, { canonicalUrl: 'https://shafaq.example/4' }),
      ];
      expect(blocksOf(formatDigest(digest(entries), { publicDashboardUrl: dashboard }))).toHaveLength(5);
      for (const source of entries) {
        const block = formatEntry(source, 1, dashboard ?? null);
        expect(block.split('\n')[0]).toMatch(/^\*\*\d+\.\*\* \[[^\]]+\]\(https?:\/\//u);
        // The lead outlet's link is the headline's; every other outlet has its own.
        expect(linksOf(block)).toHaveLength(source.outlets.length);
      }
    }
  });

  it('prefers the article URL, then the canonical URL, then the dashboard redirect', () => {
    const short = formatEntry(entry(1), 1, 'https://raqib.example');
    expect(linksOf(short)[0]).toBe(entry(1).url);
    const canonical = formatEntry(
      long(2, { canonicalUrl: 'https://shafaq.example/2' }),
      1,
      'https://raqib.example',
    );
    expect(linksOf(canonical)[0]).toBe('https://shafaq.example/2');
    const redirect = formatEntry(long(4), 1, 'https://raqib.example/');
    expect(linksOf(redirect)).toEqual(['https://raqib.example/i/item-4', 'https://raqib.example/i/other-4']);
  });

  it("uses the outlet's short form before the dashboard redirect, for the headline and the other outlets", () => {
    const base = long(5);
    const shortened = formatEntry(
      {
        ...base,
        shortUrl: 'https://shafaq.example/s/5',
        outlets: [base.outlets[0]!, { ...base.outlets[1]!, shortUrl: 'https://rudaw.example/s/105' }],
      },
      1,
      'https://raqib.example/',
    );
    expect(linksOf(shortened)).toEqual(['https://shafaq.example/s/5', 'https://rudaw.example/s/105']);
  });

  it('without a dashboard links the long URL itself and shortens the label', () => {
    const block = formatEntry(long(6), 1, null);
    const [headlineUrl, outletUrl] = linksOf(block);
    expect(headlineUrl).toBe(long(6).url);
    expect(headlineUrl?.length).toBeGreaterThan(LINK_URL_CAP);
    expect(outletUrl).toBe(long(6).outlets[1]?.url);
    const label = /^\*\*1\.\*\* \[([^\]]+)\]/u.exec(block)?.[1] ?? '';
    expect(label.length).toBeLessThanOrEqual(80);
    expect(label).toContain('…');
  });

  it('never repeats a URL inside an entry', () => {
    const samples = [
      entry(0, { outlets: [{ name: 'INA', url: entry(0).url, itemId: 'item-0' }] }),
      entry(1),
      entry(4),
      long(8),
      // Two outlets whose reports resolve to the same redirect.
      entry(9, {
        url: encodedArabicUrl('a.example', 9),
        outlets: [
          { name: 'A', url: encodedArabicUrl('a.example', 9), itemId: 'item-9' },
          { name: 'B', url: encodedArabicUrl('b.example', 9), itemId: 'item-9' },
        ],
      }),
    ];
    for (const sample of samples) {
      for (const dashboard of [null, 'https://raqib.example']) {
        const links = linksOf(formatEntry(sample, 1, dashboard));
        expect(new Set(links).size).toBe(links.length);
        expect(links.length).toBeGreaterThan(0);
      }
    }
    // A one-outlet story carries exactly one link: the headline's.
    expect(linksOf(formatEntry(samples[0] as Entry, 1))).toHaveLength(1);
  });

  it('never links an unsafe URL; falls back to the redirect when there is one', () => {
    const hostile = entry(3, { url: 'javascript:alert(1)', outlets: [] });
    expect(formatEntry(hostile, 1)).not.toMatch(/\]\(/u);
    expect(linksOf(formatEntry(hostile, 1, 'https://raqib.example'))).toEqual([
      'https://raqib.example/i/item-3',
    ]);
  });
});

describe('formatDigest: what a story shows', () => {
  it('shows headline, summary and outlets, and no scores or classifier reasons', () => {
    const entries = Array.from({ length: 12 }, (_, i) => entry(i));
    const text = descriptions(formatDigest(digest(entries)));
    for (const e of entries) {
      expect(text).toContain((e.summary ?? '').slice(0, 30));
      expect(text).not.toContain((e.score ?? 0).toFixed(2));
    }
    expect(text).not.toMatch(/event:|place:|relevance|↳/u);
    expect(text).toContain('شفق نيوز');
  });

  it('keeps the summary to one line and marks alerted stories', () => {
    const block = formatEntry(entry(0, { summary: `line one\nline two ${'x '.repeat(400)}` }), 1);
    expect(block.split('\n')).toHaveLength(3);
    expect(block.split('\n')[1]?.length).toBeLessThanOrEqual(190);
    expect(formatEntry(entry(0), 1)).toContain('🔔');
    expect(formatEntry(entry(1), 2)).not.toContain('🔔');
    expect(formatEntry(entry(1, { summary: null }), 2).split('\n')).toHaveLength(2);
  });

  it('keeps hostile scraped text safe and within limits', () => {
    const hostile = entry(7, {
      headline: `@everyone **breaking** [click](javascript:alert(1)) <@&123> ${'عاجل '.repeat(3000)}`,
      url: 'javascript:alert(1)',
      summary: `<@&1> [x](https://evil.example) ${'ب'.repeat(5000)}`,
      outlets: Array.from({ length: 200 }, (_, k) => ({
        name: `@here [x](y) ${'long name '.repeat(30)}`,
        url: `https://evil.example/${'a'.repeat(3000)}/${k}`,
      })),
    });
    const pages = formatDigest(digest([hostile, ...Array.from({ length: 40 }, (_, i) => entry(i))]));
    for (const page of pages) {
      expect(discordLimitViolations(page)).toEqual([]);
      for (const embed of page.embeds) {
        const d = embed.description ?? '';
        expect(d).not.toMatch(/@everyone|@here/u);
        expect(d).not.toMatch(/\]\(javascript:/u);
        expect(d).not.toMatch(/(?<!\\)\]\(https:\/\/evil\.example\)/u);
        // Every isolate is closed.
        expect((d.match(/[\u2066-\u2068]/gu) ?? []).length).toBe((d.match(/\u2069/gu) ?? []).length);
      }
    }
    expect(pages[0]?.embeds[0]?.description).toContain('\\*\\*breaking\\*\\*');
  });

  it('says when a digest is sent late, in the channel language', () => {
    const en = formatDigest(digest([entry(1)], { language: 'en' }), { late: true });
    expect(en[0]?.embeds[0]?.description).toMatch(/^\*\*Sent late\*\* — this digest was due at \u206608:00/u);
    const ar = formatDigest(digest([], { language: 'ar' }), { late: true });
    expect(ar[0]?.embeds[0]?.description).toContain('أُرسل متأخراً');
    expect(ar[0]?.embeds[0]?.description).not.toContain('Sent late');
  });

  it('posts a short "no new items" line, or nothing, as the channel chooses', () => {
    const line = formatDigest(digest([]));
    expect(line).toHaveLength(1);
    expect(line[0]?.embeds[0]?.description).toContain('No new items');
    expect(formatDigest(digest([], { whenEmpty: 'nothing' }))).toEqual([]);
  });
});

describe('formatDigest: Arabic and English groups', () => {
  const mixed = [entry(1), entry(0), entry(3), entry(2), entry(5), entry(4)]; // ranked: en, ar, en, ar, …
  const order = (language: 'ar' | 'en' | 'both', entries = mixed) =>
    blocksOf(formatDigest(digest(entries, { language }))).map((b) =>
      /[\u0600-\u06FF]/u.test(b.split('\n')[0] ?? '') ? 'ar' : 'en',
    );

  it('puts the channel language first, the rest after, each in rank order', () => {
    expect(order('ar')).toEqual(['ar', 'ar', 'ar', 'en', 'en', 'en']);
    expect(order('en')).toEqual(['en', 'en', 'en', 'ar', 'ar', 'ar']);
    // both: the group of the top story first.
    expect(order('both')).toEqual(['en', 'en', 'en', 'ar', 'ar', 'ar']);
    expect(order('both', [entry(0), ...mixed])).toEqual(['ar', 'ar', 'ar', 'ar', 'en', 'en', 'en']);
    const arBlocks = blocksOf(formatDigest(digest(mixed, { language: 'ar' })));
    expect(arBlocks.map((b) => /رقم (\d+)/u.exec(b)?.[1]).slice(0, 3)).toEqual(['0', '2', '4']);
    expect(arBlocks.map((b) => Number(/^\*\*(\d+)/u.exec(b)?.[1]))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('heads the groups only when both have stories, in the channel language', () => {
    const both = descriptions(formatDigest(digest(mixed)));
    expect(both).toContain('__**\u2066In Arabic\u2069 · \u2067بالعربية\u2069**__');
    expect(both).toContain('__**\u2066In English\u2069 · \u2067بالإنجليزية\u2069**__');
    expect(descriptions(formatDigest(digest(mixed, { language: 'en' })))).toContain('__**In English**__');
    const onlyArabic = descriptions(formatDigest(digest([entry(0), entry(2)])));
    expect(onlyArabic).not.toContain('__**');
  });
});

describe('formatDigest: visual order (Unicode Bidirectional Algorithm)', () => {
  const arTitle = onScreen('الملخص اليومي');

  it('keeps the title, its date and its page counter in order in either paragraph direction', () => {
    for (const date of ['2026-12-02', '2027-01-31', '2026-11-09']) {
      expect(visual(digestTitle(date, 'both'))).toBe(`Daily digest · ${arTitle} — ${date}`);
      expect(visual(digestTitle(date, 'both', { index: 1, total: 2 }))).toBe(
        `Daily digest · ${arTitle} — ${date} (1/2)`,
      );
      expect(visual(digestTitle(date, 'both', { index: 12, total: 13 }), 'rtl')).toBe(
        `${date} (12/13) — ${arTitle} · Daily digest`,
      );
      expect(visual(digestTitle(date, 'en', { index: 2, total: 3 }), 'rtl')).toContain(`${date} (2/3)`);
      // Arabic-only title reads right to left in either paragraph: counter leftmost, date, then the words.
      for (const dir of ['ltr', 'rtl'] as const) {
        expect(visual(digestTitle(date, 'ar', { index: 1, total: 2 }), dir)).toBe(
          `(1/2) ${date} — ${arTitle}`,
        );
        expect(visual(digestTitle(date, 'ar'), dir)).toBe(`${date} — ${arTitle}`);
      }
    }
  });

  it('the same title without isolates is what the issue saw', () => {
    const naive = 'Daily digest · الملخص اليومي — 2026-12-02 (1/2)';
    expect(visual(naive)).not.toContain('2026-12-02 (1/2)');
  });

  it('the empty-digest line keeps each full stop at the end of its own sentence', () => {
    const ar = 'لا أخبار جديدة منذ الملخص السابق.';
    expect(visual(emptyLine('both'))).toBe(`No new items since the previous digest. · ${onScreen(ar)}`);
    expect(visual(emptyLine('both'), 'rtl')).toBe(
      `${onScreen(ar)} · No new items since the previous digest.`,
    );
    for (const dir of ['ltr', 'rtl'] as const) {
      expect(visual(emptyLine('ar'), dir)).toBe(onScreen(ar));
      expect(visual(emptyLine('ar'), dir).startsWith('.')).toBe(true);
    }
  });

  it('keeps rank numbers, numbers in headlines and cut points in place', () => {
    const cases = [
      { headline: 'انسحاب 2500 جندي من قاعدة عين الأسد', number: '2500' },
      { headline: 'القوات الأمريكية تغادر 3 قواعد في 2026', number: '2026' },
      { headline: 'مقتل 12 شخصاً في هجوم على قاعدة حرير', number: '12' },
    ];
    for (const [index, c] of cases.entries()) {
      const block = formatEntry(
        entry(0, { headline: c.headline, summary: null, alerted: false, outlets: [] }),
        index + 7,
      );
      const line = visual(shownText(block.split('\n')[0] ?? ''));
      expect(line).toBe(`${index + 7}. ${onScreen(c.headline).replace(onScreen(c.number), c.number)}`);
    }
    // A cut Arabic headline: the ellipsis ends the Arabic run (its left end), the rank stays first.
    const cut = formatEntry(
      entry(0, { headline: 'انسحاب القوات '.repeat(40), summary: null, outlets: [], alerted: false }),
      3,
    );
    for (const dir of ['ltr', 'auto'] as const) {
      const line = visual(shownText(cut.split('\n')[0] ?? ''), dir);
      expect(line.startsWith('3. …')).toBe(true);
      expect(line.endsWith(onScreen('انسحاب القوات'))).toBe(true);
    }
    // A cut English headline keeps its ellipsis on the right.
    const en = formatEntry(entry(1, { headline: 'Coalition leaves Iraq '.repeat(30), outlets: [] }), 4);
    expect(visual(shownText(en.split('\n')[0] ?? ''))).toMatch(/^4\. Coalition leaves Iraq .*…$/u);
  });

  it('keeps Latin and Arabic outlet names in order on the outlets line', () => {
    const e = entry(4, {
      outlets: [
        { name: 'Shafaq News', url: entry(4).url, itemId: 'item-4' },
        { name: 'السومرية نيوز', url: 'https://alsumaria.example/1', itemId: 'x1' },
        { name: 'Rudaw 24', url: 'https://rudaw.example/1', itemId: 'x2' },
        { name: 'قناة 964', url: 'https://964.example/1', itemId: 'x3' },
      ],
    });
    const outlets = formatEntry(e, 1).split('\n')[2] ?? '';
    for (const dir of ['ltr', 'rtl'] as const) {
      const seen = visual(shownText(outlets), dir);
      const parts = ['Shafaq News', onScreen('السومرية نيوز'), 'Rudaw 24', `964 ${onScreen('قناة')}`];
      expect(seen).toBe(dir === 'ltr' ? parts.join(' · ') : [...parts].reverse().join(' · '));
    }
  });
});
