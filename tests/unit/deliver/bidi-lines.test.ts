/**
 * Visual order (Unicode Bidirectional Algorithm, bidi-js) of every mixed Arabic/English line raqib builds outside
 * the digest (tests/unit/deliver/format-digest.test.ts covers that): each isolated run shows as one unit, runs
 * stay in their logical order (left to right in a left-to-right paragraph, right to left in a right-to-left one),
 * and the unisolated line would not.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import { formatAlert, type AlertView } from '../../../src/deliver/discord/format-alert.js';
import { formatFollowUp } from '../../../src/deliver/discord/format-follow-up.js';
import { formatSilentSourceNotice } from '../../../src/deliver/discord/format-operator-notice.js';
import { onScreen, shownText, visual } from '../../helpers/bidi-visual.js';

const CONTROLS = /[\u2066-\u2069]/gu;
const plain = (text: string) => text.replace(CONTROLS, '');

/** What Discord shows for `<t:…:f>` / `<t:…:R>` in a reader's locale. */
const locales = {
  en: { f: '1 September 2025 13:00', R: '2 hours ago' },
  ar: { f: '١ سبتمبر ٢٠٢٥ ١:٠٠ م', R: 'منذ ساعتين' },
} as const;
function renderTimestamps(text: string, locale: keyof typeof locales): string {
  return text.replace(/<t:-?\d+:([fR])>/gu, (_, style: 'f' | 'R') => locales[locale][style]);
}

/** The line as `runs` isolated and joined by `sep` would show: each run on its own, in logical order. */
function expectedRuns(runs: string[], sep: string, dir: 'ltr' | 'rtl'): string {
  const shown = runs.map((run) => visual(run, 'auto'));
  return (dir === 'ltr' ? shown : shown.reverse()).join(sep);
}

const channel = (language: 'ar' | 'en' | 'both' = 'both'): ChannelConfig => ({
  id: 'alerts',
  destination: { kind: 'channel', channelId: '123456789' },
  subscription: { topics: ['t'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  followUpThread: false,
  digest: null,
  username: null,
  language,
});

const view = (overrides: Partial<AlertView> = {}): AlertView => ({
  storyId: 'story-1',
  headline: 'انسحاب 2500 جندي من قاعدة عين الأسد',
  lang: 'ar',
  url: 'https://shafaq.example/a',
  outlet: 'شفق نيوز',
  publishedAt: '2025-09-01T10:00:00Z',
  lead: null,
  imageUrl: null,
  score: 0.9,
  reasons: [],
  alsoReportedBy: [],
  updated: false,
  ...overrides,
});

/** The description line of an alert that, without isolates, contains `needle`. */
const lineWith = (payload: ReturnType<typeof formatAlert>, needle: string) =>
  (payload.embeds[0]?.description ?? '').split('\n').find((l) => plain(l).includes(needle)) ?? '';

describe('alert outlet line: outlet · language · absolute and relative time', () => {
  const cases = [
    { outlet: 'شفق نيوز', lang: 'ar', language: ['Arabic', 'عربي'] },
    { outlet: 'Reuters', lang: 'en', language: ['English', 'إنجليزي'] },
    { outlet: 'قناة 964', lang: 'ar', language: ['Arabic', 'عربي'] },
    { outlet: 'Rudaw 24', lang: 'ar', language: ['Arabic', 'عربي'] },
  ];
  for (const c of cases) {
    for (const locale of ['en', 'ar'] as const) {
      it(`keeps ${c.outlet} (${c.lang}) and ${locale} timestamps in order`, () => {
        const value = lineWith(formatAlert(view({ outlet: c.outlet, lang: c.lang }), channel()), c.outlet);
        const shown = renderTimestamps(value, locale);
        const runs = [c.outlet, ...c.language, locales[locale].f, locales[locale].R];
        for (const dir of ['ltr', 'rtl'] as const)
          expect(visual(shown, dir)).toBe(expectedRuns(runs, ' · ', dir));
      });
    }
  }

  it('an Arabic channel reads the whole line right to left in either paragraph direction', () => {
    const value = lineWith(formatAlert(view(), channel('ar')), 'شفق نيوز');
    const shown = renderTimestamps(value, 'en');
    const runs = ['شفق نيوز', 'عربي', locales.en.f, locales.en.R];
    for (const dir of ['ltr', 'rtl'] as const)
      expect(visual(shown, dir)).toBe(expectedRuns(runs, ' · ', 'rtl'));
  });

  it('without isolates the same line reorders (the check can fail)', () => {
    const naive = renderTimestamps(`شفق نيوز · Arabic · عربي · <t:1:f> · <t:1:R>`, 'en');
    const runs = ['شفق نيوز', 'Arabic', 'عربي', locales.en.f, locales.en.R];
    expect(visual(naive)).not.toBe(expectedRuns(runs, ' · ', 'ltr'));
  });
});

describe('alert labels, title and why line', () => {
  it('labels and the updated mark keep English left of Arabic, and runs in order', () => {
    const payload = formatAlert(
      view({ updated: true, alsoReportedBy: [{ outlet: 'Rudaw', url: 'https://rudaw.example/1' }] }),
      channel(),
    );
    const outletLine = renderTimestamps(lineWith(payload, 'شفق نيوز'), 'en');
    expect(visual(shownText(outletLine))).toBe(
      expectedRuns(
        ['Updated', 'تم التحديث', 'شفق نيوز', 'Arabic', 'عربي', locales.en.f, locales.en.R],
        ' · ',
        'ltr',
      ),
    );
    expect(visual(shownText(lineWith(payload, 'Also reported')))).toBe(
      `Also reported by · ${onScreen('نقلته أيضاً')}: Rudaw`,
    );
    const arabic = formatAlert(
      view({ updated: true, alsoReportedBy: [{ outlet: 'Rudaw', url: 'https://rudaw.example/1' }] }),
      channel('ar'),
    );
    expect(visual(shownText(lineWith(arabic, 'نقلته')), 'rtl')).toBe(`Rudaw :${onScreen('نقلته أيضاً')}`);
  });

  it('Arabic titles keep their numbers and put a cut at their end (left)', () => {
    const titles = [
      ['انسحاب 2500 جندي من قاعدة عين الأسد', '2500'],
      ['القوات الأمريكية تغادر 3 قواعد', '3'],
      ['مقتل 12 شخصاً في هجوم', '12'],
    ] as const;
    for (const [headline, number] of titles) {
      const title = formatAlert(view({ headline }), channel()).embeds[0]?.title ?? '';
      for (const dir of ['ltr', 'rtl'] as const)
        expect(visual(title, dir)).toBe(onScreen(headline).replace(onScreen(number), number));
    }
    const long =
      formatAlert(view({ headline: 'انسحاب القوات '.repeat(40) }), channel()).embeds[0]?.title ?? '';
    const shown = visual(long);
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith(onScreen('انسحاب القوات'))).toBe(true);
  });

  it('the two-language why line shows English then Arabic in either paragraph, linked or not', () => {
    const evidence = {
      actor: { id: 'us-forces', label: 'US forces', match: 'x' },
      action: { id: 'withdrawal', label: 'withdrawal', match: 'x' },
      place: { id: 'ain-al-asad', label: 'Ain al-Asad (عين الأسد)', match: 'x' },
      from: null,
      to: null,
      direction: 'out-of-iraq' as const,
      timeScope: 'current' as const,
    };
    const line = lineWith(formatAlert(view({ evidence }), channel()), 'Ain al-Asad').replace(/^↳ /u, '');
    const linked = lineWith(
      formatAlert(view({ evidence, detailsUrl: 'https://dash.example/items/1' }), channel()),
      'Ain al-Asad',
    );
    const en = 'Ain al-Asad · US forces withdrawing from Iraq';
    const ar = 'عين الأسد · انسحاب القوات الأميركية من العراق';
    for (const dir of ['ltr', 'rtl'] as const)
      expect(visual(line ?? '', dir)).toBe(expectedRuns([en, ar], ' / ', 'ltr'));
    expect(visual(shownText(linked))).toBe(`↳ ${expectedRuns([en, ar], ' / ', 'ltr')}`);
    const onlyLink = lineWith(
      formatAlert(view({ evidence: null, detailsUrl: 'https://dash.example/items/1' }), channel()),
      'Why?',
    );
    expect(visual(shownText(onlyLink))).toBe(`↳ Why? · ${visual('لماذا؟', 'rtl')}`);
  });

  it('"+N more" after an Arabic outlet keeps its sign and number', () => {
    const reports = Array.from({ length: 40 }, (_, i) => ({
      outlet: `شفق نيوز ${'ـ'.repeat(60)}`,
      url: `https://shafaq.example/${i}/${'a'.repeat(200)}`,
    }));
    const value = lineWith(formatAlert(view({ alsoReportedBy: reports }), channel()), 'Also reported');
    const shown = visual(shownText(value));
    expect(shown).toMatch(/ · \+\d+ more$/u);
  });
});

describe('thread follow-up lines: • headline — outlet', () => {
  const cases = [
    { headline: 'انسحاب القوات الأمريكية من عين الأسد', outlet: 'Reuters' },
    { headline: 'US troops leave Ain al-Asad', outlet: 'شفق نيوز' },
    { headline: 'مغادرة 2500 جندي خلال 3 أيام', outlet: 'قناة 964' },
    { headline: 'Coalition hands over 2 bases', outlet: 'Rudaw 24' },
  ];
  for (const c of cases) {
    it(`keeps "${c.headline}" before "${c.outlet}"`, () => {
      const content = formatFollowUp([{ ...c, url: 'https://example.com/x' }]).content ?? '';
      const line = content.split('\n')[1] ?? '';
      for (const dir of ['ltr', 'rtl'] as const) {
        const expected =
          dir === 'ltr'
            ? `• ${visual(c.headline, 'auto')} — ${visual(c.outlet, 'auto')}`
            : `${visual(c.outlet, 'auto')} — ${visual(c.headline, 'auto')} •`;
        expect(visual(shownText(line), dir)).toBe(expected);
      }
    });
  }

  it('heads the thread in the channel language', () => {
    expect(visual(shownText(formatFollowUp([], 'both').content ?? ''))).toBe(
      `Also reported by · ${onScreen('نقلته أيضاً')}`,
    );
    expect(plain(formatFollowUp([], 'en').content ?? '')).toBe('**Also reported by**');
    expect(plain(formatFollowUp([], 'ar').content ?? '')).toBe('**نقلته أيضاً**');
  });
});

describe('operator notices', () => {
  const notices = [
    { sourceName: 'شفق نيوز', sourceId: 'shafaq', reason: 'no new entries for 48 hours' },
    { sourceName: 'السومرية', sourceId: 'alsumaria-ar', reason: 'لا مقالات جديدة منذ 48 ساعة' },
    { sourceName: 'Rudaw English', sourceId: 'rudaw-en', reason: 'لا نص في 12 مقالاً' },
  ];
  for (const n of notices) {
    it(`keeps ${n.sourceName} (${n.sourceId}) and "${n.reason}" in order`, () => {
      const content =
        formatSilentSourceNotice({ ...n, kind: 'quiet', since: '2025-09-01T10:00:00Z' }).content ?? '';
      const [head, body] = renderTimestamps(content, 'en').split('\n');
      expect(visual(shownText(head ?? ''))).toBe(
        `⚠️ Source gone quiet: ${visual(n.sourceName, 'auto')} (\`${n.sourceId}\`)`,
      );
      expect(visual(body ?? '')).toBe(`${visual(n.reason, 'auto')} · since ${locales.en.R}`);
    });
  }
});
