import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import {
  formatAlert,
  formatThreadName,
  leadSentences,
  type AlertView,
} from '../../../src/deliver/discord/format-alert.js';
import { trimToLimit } from '../../../src/deliver/discord/fit-text.js';
import { discordLimitViolations } from '../../helpers/fake-discord.js';

/** The text without directional isolates. */
const plain = (text: string) => text.replace(/[\u2066-\u2069]/gu, '');
/** The description line that, without isolates, contains `needle`. */
const lineWith = (embed: { description?: string }, needle: string) =>
  (embed.description ?? '').split('\n').find((l) => plain(l).includes(needle)) ?? '';

const channel: ChannelConfig = {
  id: 'alerts',
  destination: { kind: 'channel', channelId: '123456789' },
  subscription: { topics: ['iraq-drawdown'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  followUpThread: false,
  digest: null,
  username: null,
};

const view: AlertView = {
  storyId: 'story-1',
  headline: 'انسحاب القوات الأمريكية من قاعدة عين الأسد في 2025',
  lang: 'ar',
  url: 'https://example.com/news/1',
  outlet: 'شفق نيوز',
  publishedAt: '2025-09-01T10:00:00Z',
  lead: 'أعلنت وزارة الدفاع أن 2,500 جندي سيغادرون.',
  imageUrl: 'https://example.com/a.jpg',
  score: 0.91,
  reasons: ['place: Ain al-Asad', 'actor: US forces'],
  alsoReportedBy: [],
  updated: false,
};

describe('formatAlert', () => {
  it('wraps an Arabic headline in RLI…PDI and shows a Discord relative timestamp', () => {
    const payload = formatAlert(view, channel);
    const embed = payload.embeds[0]!;
    expect(embed.title).toBe(`\u2067${view.headline}\u2069`);
    expect(embed.description).toContain(`<t:${Date.parse('2025-09-01T10:00:00Z') / 1000}:R>`);
    expect(embed.url).toBe(view.url);
    expect(embed.image?.url).toBe(view.imageUrl);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(payload.content).toBeUndefined();
  });

  it('states the language and absolute + relative time, and shows no internal story id', () => {
    const embed = formatAlert(view, channel).embeds[0]!;
    const seconds = Date.parse('2025-09-01T10:00:00Z') / 1000;
    const outletField = lineWith(embed, 'شفق نيوز');
    expect(plain(outletField)).toContain('Arabic · عربي');
    expect(outletField).toContain(`<t:${seconds}:f>`);
    expect(outletField).toContain(`<t:${seconds}:R>`);
    expect(JSON.stringify(embed)).not.toContain('story-1');
    const english = formatAlert({ ...view, lang: 'en', publishedAt: null }, channel).embeds[0]!;
    const englishOutlet = lineWith(english, 'شفق نيوز');
    expect(english.footer).toBeUndefined();
    expect(english.timestamp).toBeUndefined();
    expect(englishOutlet).toContain('English');
    expect(englishOutlet).not.toContain('<t:');
  });

  it('leaves Latin headlines without isolates', () => {
    const embed = formatAlert({ ...view, headline: 'US troops leave Ain al-Asad', lang: 'en' }, channel)
      .embeds[0]!;
    expect(embed.title).toBe('US troops leave Ain al-Asad');
  });

  it('escapes scraped markdown and never allows scraped mentions', () => {
    const hostile = {
      ...view,
      headline: '@everyone **breaking** <@123456> <@&987654> [click](https://evil.example)',
      lead: '# heading\n- list @here',
      outlet: '<@&111111>',
    };
    const payload = formatAlert(hostile, channel);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    const embed = payload.embeds[0]!;
    expect(embed.title).toContain('\\*\\*breaking\\*\\*');
    expect(embed.title).not.toContain('@everyone');
    expect(embed.description).toContain('\\#');
    expect(embed.description).not.toMatch(/@here/);
    expect(embed.title).toContain('\\[click\\](');
  });

  it('pings only the configured role, only above its score', () => {
    const withRole = { ...channel, mentionRole: { roleId: '555555555', minScore: 0.9 } };
    const high = formatAlert(view, withRole);
    expect(high.content).toBe('<@&555555555>');
    expect(high.allowed_mentions).toEqual({ parse: [], roles: ['555555555'] });
    const low = formatAlert({ ...view, score: 0.5 }, withRole);
    expect(low.content).toBeUndefined();
    expect(low.allowed_mentions).toEqual({ parse: [] });
  });

  it('stays within every Discord limit for huge hostile input', () => {
    const long = 'كلمة '.repeat(5000) + 'x'.repeat(9000);
    const payload = formatAlert(
      {
        ...view,
        headline: long,
        lead: long,
        outlet: long,
        reasons: Array.from({ length: 50 }, () => long),
        alsoReportedBy: Array.from({ length: 300 }, (_, i) => ({
          outlet: `Outlet ${i} ${long}`,
          url: `https://e.com/${i}`,
        })),
      },
      { ...channel, mentionRole: { roleId: '555555555', minScore: 0 } },
    );
    expect(discordLimitViolations(payload, ['555555555'])).toEqual([]);
    const embed = payload.embeds[0]!;
    expect(embed.title!.startsWith('\u2067')).toBe(true);
    expect(embed.title!.endsWith('…\u2069')).toBe(true);
  });

  it('lists other outlets as links and marks revisions as updated', () => {
    const payload = formatAlert(
      {
        ...view,
        updated: true,
        alsoReportedBy: [
          { outlet: 'Euronews', url: 'https://euronews.example/a' },
          { outlet: 'Bad', url: 'javascript:alert(1)' },
        ],
      },
      channel,
    );
    const also = lineWith(payload.embeds[0]!, 'Also reported by');
    expect(plain(also)).toContain('[Euronews](https://euronews.example/a)');
    expect(also).not.toContain('javascript:');
    expect(plain(also)).toContain('Bad');
    expect(plain(lineWith(payload.embeds[0]!, 'شفق نيوز'))).toMatch(
      /^\*\*Updated · تم التحديث\*\* · شفق نيوز/u,
    );
  });

  it('links long also-reported URLs (percent-encoded Arabic slugs) instead of dropping them', () => {
    for (const n of [450, 900]) {
      let slug = '';
      while (slug.length < n) slug += encodeURIComponent('انسحاب-القوات-');
      const url = `https://shafaq.example/ar/${slug.slice(0, n)}`;
      const embed = formatAlert({ ...view, alsoReportedBy: [{ outlet: 'شفق نيوز', url }] }, channel)
        .embeds[0]!;
      expect(embed.description).toContain(`](${url})`);
    }
  });

  it('shortens a long also-reported link: canonical URL, outlet short form, dashboard redirect; none repeated', () => {
    let slug = '';
    while (slug.length < 450) slug += encodeURIComponent('انسحاب-القوات-');
    const long = (host: string) => `https://${host}/ar/${slug.slice(0, 450)}`;
    const reports = [
      { outlet: 'شفق نيوز', url: long('shafaq.example'), canonicalUrl: 'https://shafaq.example/a/1' },
      { outlet: 'الشرق الأوسط', url: long('aawsat.example'), shortUrl: 'https://aawsat.example/node/5' },
      { outlet: 'السومرية', url: long('alsumaria.example'), itemId: 'it-abc' },
      // A second report of the same page (its short form is another's): named, not linked twice.
      { outlet: 'Repost', url: long('repost.example'), canonicalUrl: 'https://shafaq.example/a/1' },
    ];
    const withDashboard = formatAlert(
      { ...view, alsoReportedBy: reports, dashboardUrl: 'https://raqib.example/' },
      channel,
    ).embeds[0]!;
    const links = [...(withDashboard.description ?? '').matchAll(/\]\((https?:[^)]+)\)/gu)].map((m) => m[1]);
    expect(links).toEqual([
      'https://shafaq.example/a/1',
      'https://aawsat.example/node/5',
      'https://raqib.example/i/it-abc',
    ]);
    expect(plain(withDashboard.description ?? '')).toContain('Repost');
    // Without a dashboard the long link itself is kept: never dropped.
    const without = formatAlert({ ...view, alsoReportedBy: [reports[2]!] }, channel).embeds[0]!;
    expect(without.description).toContain(`](${long('alsumaria.example')})`);
  });

  it('drops invalid URLs instead of sending them', () => {
    const embed = formatAlert(
      { ...view, url: 'not a url', imageUrl: 'ftp://x/y.png', publishedAt: 'garbage' },
      channel,
    ).embeds[0]!;
    expect(embed.url).toBeUndefined();
    expect(embed.image).toBeUndefined();
    expect(embed.timestamp).toBeUndefined();
  });

  it('makes thread names of at most 100 characters', () => {
    expect(formatThreadName({ ...view, headline: 'a '.repeat(200) }).length).toBeLessThanOrEqual(100);
  });
});

describe('trimToLimit', () => {
  it('cuts at a word boundary with an ellipsis', () => {
    expect(trimToLimit('alpha beta gamma delta', 15)).toBe('alpha beta…');
  });
  it('never splits a surrogate pair or leaves a dangling escape', () => {
    expect(trimToLimit('😀'.repeat(10), 4)).toBe('😀…');
    expect(trimToLimit('abcdefgh\\*more', 10).endsWith('\\…')).toBe(false);
  });
});

describe('the alert lead: at most two sentences, short enough for a phone', () => {
  const strip = (text: string) => plain(text);
  it('keeps two short sentences, Arabic or English', () => {
    expect(
      strip(leadSentences('US troops left the base on Tuesday. The army took over. More text follows here.')),
    ).toBe('US troops left the base on Tuesday. The army took over.');
    expect(
      strip(
        leadSentences('أعلنت الوزارة انسحاب القوات من القاعدة. وتسلم الجيش المواقع. وتفاصيل أخرى كثيرة.'),
      ),
    ).toBe('أعلنت الوزارة انسحاب القوات من القاعدة. وتسلم الجيش المواقع.');
  });

  it('keeps only the first sentence when two would be too long, and cuts a single long one', () => {
    const first =
      'The U.S. military said on Sunday it had completed the withdrawal of its forces from Ain al-Asad.';
    const second =
      ' Officials in Baghdad said the base would be handed over to the Iraqi army within the coming weeks.';
    expect(strip(leadSentences(first + second))).toBe(first);
    const long = 'انسحاب القوات '.repeat(40);
    const cut = strip(leadSentences(long));
    expect(cut.length).toBeLessThanOrEqual(160);
    expect(cut.endsWith('…')).toBe(true);
    expect(leadSentences('انسحاب القوات. ').startsWith('\u2067')).toBe(true);
    expect(leadSentences('Troops leave.').startsWith('\u2066')).toBe(true);
  });
});
