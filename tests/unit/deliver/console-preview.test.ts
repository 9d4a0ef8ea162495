import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import { createConsoleSender } from '../../../src/deliver/console/console-sender.js';
import {
  formatAbsoluteTime,
  formatRelativeTime,
  plainDiscordText,
  renderAlertPreview,
  renderPayloadPreview,
} from '../../../src/deliver/console-preview.js';
import { formatAlert, type AlertView } from '../../../src/deliver/discord/format-alert.js';
import { formatFollowUp } from '../../../src/deliver/discord/format-follow-up.js';
import type { ClassificationEvidence } from '../../../src/shared/types.js';

const evidence: ClassificationEvidence = {
  actor: { id: 'us-forces', label: 'US forces', match: 'القوات الأمريكية' },
  action: { id: 'departure', label: 'departure', match: 'مغادرة' },
  place: { id: 'ain-al-asad', label: 'Ain al-Asad (عين الأسد)', match: 'عين الأسد' },
  from: null,
  to: null,
  direction: 'unknown',
  timeScope: 'current',
};

const now = new Date('2025-09-01T13:00:00Z');
const arabic: AlertView = {
  storyId: 's',
  headline: 'انسحاب \u202Eالقوات\u202C من عين الأسد 2025',
  lang: 'ar',
  url: 'https://example.com/a',
  outlet: 'شفق نيوز',
  publishedAt: '2025-09-01T10:00:00Z',
  lead: 'بدأت القوات الأمريكية مغادرة قاعدة عين الأسد غربي العراق. وقال مسؤول إن الانسحاب يستمر أسابيع. وأضاف أن القوات العراقية ستتسلم القاعدة.',
  imageUrl: null,
  score: 0.876,
  reasons: ['frame: US forces + departure + Ain al-Asad (عين الأسد) (leaving Ain al-Asad (عين الأسد))'],
  evidence,
  alsoReportedBy: [{ outlet: 'Rudaw', url: 'https://rudaw.example/1' }],
  updated: true,
};
const english: AlertView = {
  ...arabic,
  headline: 'US forces begin leaving Ain al-Asad air base',
  lang: 'en',
  outlet: 'Reuters',
  lead: 'The first convoys left the base on Monday, officials said. The handover will take weeks. More follows.',
  updated: false,
  alsoReportedBy: Array.from({ length: 7 }, (_, i) => ({
    outlet: `Outlet ${i}`,
    url: `https://o${i}.example/a`,
  })),
};

const channel = (language?: 'ar' | 'en' | 'both'): ChannelConfig => ({
  id: 'console',
  destination: { kind: 'channel', channelId: '00000' },
  subscription: { topics: ['*'], minScore: 0, languages: null, sources: null },
  mentionRole: { roleId: '123456789', minScore: 0.5 },
  followUpThread: false,
  digest: null,
  username: null,
  ...(language ? { language } : {}),
});

/** Discord markup a reader must never see in the console. */
const RAW_MARKUP = [/<t:\d+(:[a-zA-Z])?>/u, /\*\*/u, /\]\(https?:/u, /<@&\d+>/u, /__\S/u];
const expectNoMarkup = (text: string) => {
  for (const pattern of RAW_MARKUP) expect(text, String(pattern)).not.toMatch(pattern);
};

describe('renderAlertPreview', () => {
  it('prints a readable, isolated, control-free preview', () => {
    const text = renderAlertPreview(arabic, { now, timeZone: 'Asia/Baghdad' });
    expect(text).toContain('ALERT · article revised · score 0.88');
    expect(text).toContain('\u2068انسحاب القوات من عين الأسد 2025\u2069');
    expect(text).not.toMatch(/[\u202A-\u202E]/);
    expect(text).toContain('Rudaw\u2069 <https://rudaw.example/1>');
    expect(text).toContain('https://example.com/a');
  });

  it.each([
    ['Asia/Baghdad', '2025-09-01 13:00 UTC+3'],
    ['UTC', '2025-09-01 10:00 UTC'],
    ['America/New_York', '2025-09-01 06:00 UTC-4'],
  ])('shows the absolute publication time in %s and how long ago', (timeZone, absolute) => {
    const text = renderAlertPreview(arabic, { now, timeZone });
    expect(text).toContain(`${absolute} (3 h ago)`);
  });

  it('states outlet and language, and the plain-words why line instead of classifier reasons', () => {
    const ar = renderAlertPreview(arabic, { now, timeZone: 'UTC' });
    expect(ar).toMatch(/شفق نيوز.*Arabic · \u2068عربي\u2069/u);
    expect(ar).toContain('Why: ');
    expect(ar).toContain('US forces leaving');
    expect(ar).toContain('عين الأسد · مغادرة القوات الأميركية');
    expect(ar).not.toContain('frame:');
    const en = renderAlertPreview(english, { now, timeZone: 'UTC', language: 'en' });
    expect(en).toContain('Reuters\u2069 · English');
    expect(en).toContain('Why: Ain al-Asad · US forces leaving');
    expect(en).not.toMatch(/[\u0600-\u06FF]/u);
  });

  it('keeps at most two sentences of the lead, in the article language', () => {
    const ar = renderAlertPreview(arabic, { now });
    expect(ar).toContain('الانسحاب يستمر أسابيع.');
    expect(ar).not.toContain('ستتسلم');
    const en = renderAlertPreview(english, { now });
    expect(en).toContain('The handover will take weeks.');
    expect(en).not.toContain('More follows');
  });

  it('caps "also reported by" and says how many more', () => {
    const text = renderAlertPreview(english, { now });
    expect(text).toContain('Outlet 4');
    expect(text).not.toContain('Outlet 5');
    expect(text).toContain('+2 more');
  });

  it('omits what the view does not have (no time, no lead, no evidence)', () => {
    const text = renderAlertPreview({ ...english, publishedAt: null, lead: null, evidence: null }, { now });
    expect(text).not.toContain('Why:');
    expect(text).not.toContain('ago');
    expect(text.split('\n').filter(Boolean)).toHaveLength(5);
  });
});

describe('plainDiscordText', () => {
  it.each([
    ['<t:1756720800:f> · <t:1756720800:R>', '2025-09-01 10:00 UTC · 3 h ago'],
    ['<t:1756720800>', '2025-09-01 10:00 UTC'],
    ['**Updated · تم التحديث**', 'Updated · تم التحديث'],
    [
      '[Rudaw](https://rudaw.example/1) · [شفق](https://shafaq.example/ا)',
      'Rudaw <https://rudaw.example/1> · شفق <https://shafaq.example/ا>',
    ],
    ['__under__ and ~~gone~~', 'under and gone'],
    ['a \\*literal\\* star', 'a *literal* star'],
  ])('%s', (input, expected) => {
    expect(plainDiscordText(input, { now, timeZone: 'UTC' })).toBe(expected);
  });
});

describe('console sender', () => {
  const capture = () => {
    const printed: string[] = [];
    const sender = createConsoleSender((t) => printed.push(t), { now, timeZone: 'UTC' });
    return { printed, sender };
  };

  it.each([
    ['both', arabic],
    ['en', english],
    ['ar', arabic],
  ] as const)(
    'prints alerts and updates readably for a %s channel, never Discord markup',
    async (language, view) => {
      const { printed, sender } = capture();
      const payload = formatAlert(view, channel(language));
      expect(JSON.stringify(payload)).toMatch(/<t:\d+:R>/u); // what Discord gets does carry the markup
      await sender.post(channel(language), payload, 'n', { view });
      await sender.edit(channel(language), { messageId: 'm', messageChannelId: 'c' }, payload, { view });
      expect(printed[0]).toMatch(/^──── ALERT/u);
      expect(printed[1]).toMatch(/^──── UPDATE · article revised/u);
      for (const text of printed) {
        expectNoMarkup(text);
        expect(text).toContain('2025-09-01 10:00 UTC (3 h ago)');
        expect(text).toContain(view.url);
      }
    },
  );

  it('prints payloads without a view (follow-ups, digests, notices) with their markup resolved', async () => {
    const { printed, sender } = capture();
    await sender.postToThread('t', formatFollowUp(english.alsoReportedBy.slice(0, 2)), 'n');
    await sender.post(channel(), formatAlert(english, channel()), 'n');
    expect(printed[0]).toMatch(/^──── FOLLOW-UP/u);
    expect(printed[0]).toContain('https://o0.example/a');
    expect(printed[1]).toMatch(/^──── MESSAGE/u);
    for (const text of printed) expectNoMarkup(text);
    expect(renderPayloadPreview(formatAlert(arabic, channel()), 'X', { now })).toContain('@role:123456789');
  });
});

describe('time formatting', () => {
  it.each([
    [30, 'just now'],
    [5 * 60, '5 min ago'],
    [3 * 3600, '3 h ago'],
    [3 * 86_400, '3 days ago'],
    [-4 * 3600, 'in 4 h'],
  ])('%i s before now reads %s', (seconds, expected) => {
    expect(formatRelativeTime(new Date(now.getTime() - seconds * 1000), now)).toBe(expected);
  });

  it('ignores the locale: always YYYY-MM-DD HH:MM and the offset', () => {
    expect(formatAbsoluteTime(new Date('2025-12-31T23:59:00Z'), 'Asia/Baghdad')).toBe(
      '2026-01-01 02:59 UTC+3',
    );
  });
});
