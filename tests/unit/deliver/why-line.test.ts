import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../../src/config/channels.js';
import { formatAlert, type AlertView } from '../../../src/deliver/discord/format-alert.js';
import { whyLine } from '../../../src/deliver/discord/why-line.js';
import type { ClassificationEvidence } from '../../../src/shared/types.js';

const base: ClassificationEvidence = {
  actor: { id: 'us-forces', label: 'US forces', match: 'القوات الأمريكية' },
  action: { id: 'withdrawal', label: 'withdrawal', match: 'انسحاب' },
  place: { id: 'ain-al-asad', label: 'Ain al-Asad (عين الأسد)', match: 'عين الأسد' },
  from: null,
  to: null,
  direction: 'unknown',
  timeScope: 'current',
};

const channel = (language?: 'ar' | 'en' | 'both'): ChannelConfig => ({
  id: 'alerts',
  destination: { kind: 'channel', channelId: '123456789' },
  subscription: { topics: ['t'], minScore: 0, languages: null, sources: null },
  mentionRole: null,
  followUpThread: false,
  digest: null,
  username: null,
  ...(language ? { language } : {}),
});

const view: AlertView = {
  storyId: 'story-1',
  headline: 'US troops leave Ain al-Asad',
  lang: 'en',
  url: 'https://example.com/a',
  outlet: 'Outlet',
  publishedAt: null,
  lead: null,
  imageUrl: null,
  score: 0.93,
  reasons: ['frame: US forces + withdrawal + Ain al-Asad (عين الأسد) (leaving)', 'title: same frame'],
  alsoReportedBy: [],
  updated: false,
  evidence: base,
};

describe('whyLine', () => {
  it('names place, actor and action in plain English or Arabic', () => {
    expect(whyLine(base, 'en')).toBe('Ain al-Asad · US forces withdrawing');
    expect(whyLine(base, 'ar')).toBe('عين الأسد · انسحاب القوات الأميركية');
  });

  it('states direction and a past episode, and isolates each language when both', () => {
    const past = { ...base, direction: 'within-iraq', timeScope: 'past' } as const;
    expect(whyLine(past, 'en')).toBe('Ain al-Asad · US forces withdrawing within Iraq · earlier episode');
    const both = whyLine(
      { ...base, action: { id: 'departure', label: 'departure', match: 'leave' } },
      'both',
    );
    expect(both).toBe(
      '\u2068Ain al-Asad · US forces leaving\u2069 / \u2068عين الأسد · مغادرة القوات الأميركية\u2069',
    );
  });

  it('words "out of Iraq" as each action takes it, and names Iraq once', () => {
    const out = (id: string, place: ClassificationEvidence['place'] = base.place) =>
      ({ ...base, place, direction: 'out-of-iraq', action: { id, label: id, match: id } }) as const;
    expect(whyLine(out('departure'), 'en')).toBe('Ain al-Asad · US forces leaving Iraq');
    expect(whyLine(out('departure'), 'ar')).toBe('عين الأسد · مغادرة القوات الأميركية العراق');
    expect(whyLine(out('withdrawal'), 'en')).toBe('Ain al-Asad · US forces withdrawing from Iraq');
    expect(whyLine(out('withdrawal'), 'ar')).toBe('عين الأسد · انسحاب القوات الأميركية من العراق');
    expect(whyLine(out('drawdown'), 'en')).toBe('Ain al-Asad · US forces drawing down in Iraq');
    expect(whyLine(out('relocation'), 'en')).toBe('Ain al-Asad · US forces relocating out of Iraq');
    const iraq = { id: 'iraq', label: 'Iraq (العراق)', match: 'العراق' };
    expect(whyLine(out('withdrawal', iraq), 'en')).toBe('US forces withdrawing from Iraq');
    expect(whyLine(out('withdrawal', iraq), 'ar')).toBe('انسحاب القوات الأميركية من العراق');
  });

  it('says who hands over the bases, not to whom', () => {
    const handover = {
      ...base,
      actor: { id: 'coalition', label: 'International coalition', match: 'التحالف' },
      action: { id: 'handover', label: 'handover', match: 'تسليم' },
    };
    expect(whyLine(handover, 'en')).toBe('Ain al-Asad · International coalition handing over bases');
    expect(whyLine(handover, 'ar')).toBe('عين الأسد · تسليم التحالف الدولي القواعد');
  });

  it('falls back to the label for unknown ids and omits missing fields', () => {
    const odd: ClassificationEvidence = {
      ...base,
      actor: null,
      place: null,
      action: { id: 'novel-action', label: 'pull-out', match: 'pull-out' },
    };
    expect(whyLine(odd, 'en')).toBe('pull-out');
    expect(whyLine(odd, 'ar')).toBe('\u2066pull-out\u2069 القوات');
    expect(whyLine(null, 'en')).toBeNull();
  });
});

describe('formatAlert why line', () => {
  it('shows one plain line in the channel language and never the reason strings or the score', () => {
    const json = JSON.stringify(formatAlert(view, channel('ar')).embeds[0]);
    expect(json).toContain('عين الأسد · انسحاب القوات الأميركية');
    expect(json).not.toContain('frame:');
    expect(json).not.toContain('0.93');
    expect(json).not.toContain('US forces withdrawing');
  });

  it('defaults to both languages and links "Why?" to the dashboard page when given', () => {
    const embed = formatAlert({ ...view, detailsUrl: 'https://dash.example/items/abc' }, channel())
      .embeds[0]!;
    const why = (embed.description ?? '').split('\n').find((l) => l.startsWith('↳'));
    expect(why).toContain('US forces withdrawing');
    expect(why).toContain('انسحاب القوات الأميركية');
    expect(why).toMatch(/^↳ \[.+\]\(https:\/\/dash\.example\/items\/abc\)$/u);
    const linkOnly = formatAlert(
      { ...view, evidence: null, detailsUrl: 'https://dash.example/items/abc' },
      channel('en'),
    ).embeds[0]!;
    expect(linkOnly.description).toContain('↳ [Why?](https://dash.example/items/abc)');
  });

  it('omits the line when there is neither evidence nor a dashboard link', () => {
    const embed = formatAlert({ ...view, evidence: null }, channel('en')).embeds[0]!;
    expect(embed.description ?? '').not.toContain('↳');
  });
});
