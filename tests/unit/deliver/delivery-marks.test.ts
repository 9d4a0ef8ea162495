import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import {
  applyDeliveryMarks,
  carriesMarker,
  deliveryMarker,
  formatDelay,
  payloadHash,
} from '../../../src/deliver/discord/delivery-marks.js';
import { formatAlert, type AlertView } from '../../../src/deliver/discord/format-alert.js';
import { discordLimitViolations } from '../../helpers/discord-limits.js';

const channel: ChannelConfig = {
  id: 'c',
  subscription: { topics: ['*'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  digest: null,
  username: null,
  followUpThread: false,
  destination: { kind: 'channel', channelId: '100000001' },
};

function view(headline: string, extra: Partial<AlertView> = {}): AlertView {
  return {
    storyId: 's',
    headline,
    lang: /[\u0600-\u06ff]/.test(headline) ? 'ar' : 'en',
    url: 'https://example.com/news/1',
    outlet: 'Al Sumaria',
    publishedAt: '2025-09-01T10:00:00Z',
    lead: null,
    imageUrl: null,
    score: 0.9,
    reasons: ['place: Ain al-Asad'],
    alsoReportedBy: [],
    updated: false,
    ...extra,
  };
}

const huge = 'انسحاب '.repeat(2000);
const views = [
  view('عاجل: انسحاب القوات الأمريكية من قاعدة عين الأسد'),
  view('Coalition forces leave Victory base'),
  view(huge, {
    lead: huge,
    reasons: Array.from({ length: 30 }, (_, i) => `reason ${i} ${huge.slice(0, 200)}`),
  }),
  view('Many reports', {
    alsoReportedBy: Array.from({ length: 40 }, (_, i) => ({
      outlet: `Outlet ${i}`,
      url: `https://o${i}.example/a`,
    })),
  }),
];

describe('delivery marks', () => {
  it('put the marker in the footer and a delayed field, within every Discord limit', () => {
    for (const v of views) {
      for (const delayedMs of [null, 12 * 60_000, 5 * 3_600_000]) {
        const marked = applyDeliveryMarks(formatAlert(v, channel), {
          marker: deliveryMarker('AbC-12_xyz789QQ'),
          delayedMs,
        });
        expect(discordLimitViolations(marked)).toEqual([]);
        expect(carriesMarker(marked, deliveryMarker('AbC-12_xyz789QQ'))).toBe(true);
        const text = JSON.stringify(marked.embeds);
        if (delayedMs === null) expect(text).not.toMatch(/[Dd]elayed/);
        else expect(text).toMatch(/[Dd]elayed/);
      }
    }
  });

  it('never match another delivery whose marker starts the same way, nor a message without a footer', () => {
    const payload = applyDeliveryMarks(formatAlert(views[0]!, channel), {
      marker: deliveryMarker('abcdefghijklmnop'),
      delayedMs: null,
    });
    expect(carriesMarker(payload, deliveryMarker('abcdefghijkl'))).toBe(true);
    expect(carriesMarker(payload, 'ref abcdefghij')).toBe(false); // a prefix of the real marker
    expect(carriesMarker(payload, deliveryMarker('zzzzzzzzzzzz'))).toBe(false);
    expect(carriesMarker({ embeds: [] }, deliveryMarker('abcdefghijkl'))).toBe(false);
    expect(carriesMarker({ embeds: [{}] }, deliveryMarker('abcdefghijkl'))).toBe(false);
  });

  it('hash equal payloads equally (key order aside) and different ones differently', () => {
    const a = formatAlert(views[0]!, channel);
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reverseKeys(v)]),
            )
          : value;
    expect(payloadHash(reverseKeys(a) as typeof a)).toBe(payloadHash(a));
    const hashes = new Set(views.map((v) => payloadHash(formatAlert(v, channel))));
    expect(hashes.size).toBe(views.length);
    const marked = (ms: number | null) =>
      payloadHash(applyDeliveryMarks(a, { marker: 'ref x', delayedMs: ms }));
    expect(marked(null)).not.toBe(marked(15 * 60_000));
    expect(marked(15 * 60_000)).toBe(marked(15 * 60_000));
  });

  it('say a wait in minutes, then hours', () => {
    expect([30_000, 60_000, 11 * 60_000, 119 * 60_000, 3 * 3_600_000].map(formatDelay)).toEqual([
      '1 min',
      '1 min',
      '11 min',
      '119 min',
      '3 h',
    ]);
  });
});
