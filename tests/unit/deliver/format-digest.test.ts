import { embedLength } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { formatDigest, formatEntry, type DigestView } from '../../../src/deliver/digest/format-digest.js';
import { discordLimitViolations } from '../../helpers/fake-discord.js';

type Entry = DigestView['entries'][number];

function entry(i: number, overrides: Partial<Entry> = {}): Entry {
  const arabic = i % 2 === 0;
  return {
    storyId: `s-${i}`,
    headline: arabic
      ? `القوات الأمريكية تنسحب من قاعدة رقم ${i} في محافظة الأنبار غرب العراق وفق الجدول الزمني المتفق عليه`
      : `US-led coalition completes handover of base number ${i} to Iraqi security forces ahead of the September deadline`,
    url: `https://outlet-${i % 7}.example/news/2026/11/22/a-fairly-long-article-slug-for-story-${i}?utm_source=feed`,
    outlets: Array.from({ length: 1 + (i % 5) }, (_, k) => ({
      name: k % 2 ? 'شفق نيوز' : `Outlet ${k}`,
      url: `https://outlet-${k}.example/world/middle-east/story-${i}-${k}`,
    })),
    firstSeenLocal: `0${i % 8}:${String(i % 60).padStart(2, '0')}`,
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

describe('formatDigest', () => {
  it('fits one story in one message with one embed, mentions disabled', () => {
    const pages = formatDigest(digest([entry(1)]));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.embeds).toHaveLength(1);
    expect(pages[0]?.allowed_mentions).toEqual({ parse: [] });
    expect(pages[0]?.content).toBeUndefined();
    expect(discordLimitViolations(pages[0])).toEqual([]);
    expect(pages[0]?.embeds[0]?.title).toContain('2026-11-22');
    expect(pages[0]?.embeds[0]?.description).toContain('**1.** [US-led coalition');
  });

  it('fits 300 stories within every limit, each once and in rank order, in as few messages as possible', () => {
    const entries = Array.from({ length: 300 }, (_, i) => entry(i));
    const pages = formatDigest(digest(entries));
    for (const page of pages) {
      expect(discordLimitViolations(page)).toEqual([]);
      expect(page.embeds.length).toBeLessThanOrEqual(10);
      expect(messageTotal(page)).toBeLessThanOrEqual(6000);
      for (const embed of page.embeds) {
        expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
        expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
      }
    }
    const text = pages.flatMap((p) => p.embeds.map((e) => e.description ?? '')).join('\n\n');
    const ranks = [...text.matchAll(/^\*\*(\d+)\.\*\*/gmu)].map((m) => Number(m[1]));
    expect(ranks).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // Greedy packing: the first entry of each next message would not have fitted in the previous one.
    const blocks = entries.map((e, i) => formatEntry(e, i + 1));
    let consumed = 0;
    for (const [index, page] of pages.entries()) {
      const count = page.embeds.reduce(
        (n, e) => n + [...(e.description ?? '').matchAll(/^\*\*\d+\.\*\*/gmu)].length,
        0,
      );
      consumed += count;
      const next = blocks[consumed];
      if (index < pages.length - 1 && next)
        expect(messageTotal(page) + 2 + next.length).toBeGreaterThan(6000 - 16);
    }
    const totalChars = pages.reduce((n, p) => n + messageTotal(p), 0);
    expect(pages.length).toBeLessThanOrEqual(Math.ceil(totalChars / 5000));
    expect(pages[0]?.embeds[0]?.title).toContain(`(1/${pages.length})`);
  });

  it('keeps hostile scraped text safe and within limits', () => {
    const hostile = entry(7, {
      headline: `@everyone **breaking** [click](javascript:alert(1)) <@&123> ${'عاجل '.repeat(3000)}`,
      url: 'javascript:alert(1)',
      outlets: Array.from({ length: 200 }, (_, k) => ({
        name: `@here [x](y) ${'long name '.repeat(30)}`,
        url: `https://evil.example/${'a'.repeat(3000)}/${k}`,
      })),
      reason: `line one\nline two ${'x'.repeat(5000)}`,
      firstSeenLocal: '07:42',
    });
    const pages = formatDigest(digest([hostile, ...Array.from({ length: 40 }, (_, i) => entry(i))]));
    for (const page of pages) {
      expect(discordLimitViolations(page)).toEqual([]);
      for (const embed of page.embeds) {
        const d = embed.description ?? '';
        expect(d).not.toMatch(/@everyone|@here/u);
        // Scraped link syntax is shown as text, never as a link; a javascript: URL is never linked.
        expect(d).not.toMatch(/\]\(javascript:/u);
        // Every right-to-left isolate is closed.
        expect((d.match(/\u2067/gu) ?? []).length).toBe((d.match(/\u2069/gu) ?? []).length);
      }
    }
    const first = pages[0]?.embeds[0]?.description ?? '';
    expect(first).toContain('\\*\\*breaking\\*\\*');
  });

  it('wraps Arabic headlines in a right-to-left isolate and marks alerted stories', () => {
    const block = formatEntry(entry(0), 1);
    expect(block).toMatch(/\[\u2067القوات الأمريكية/u);
    expect(block).toContain('🔔 alerted');
    expect(formatEntry(entry(1), 2)).not.toContain('alerted');
  });

  it('posts a short "no new items" line, or nothing, as the channel chooses', () => {
    const line = formatDigest(digest([]));
    expect(line).toHaveLength(1);
    expect(line[0]?.embeds[0]?.description).toContain('No new items');
    expect(formatDigest(digest([], { whenEmpty: 'nothing' }))).toEqual([]);
  });

  it('says when a digest is sent late', () => {
    const pages = formatDigest(digest([entry(1)]), { late: true });
    expect(pages[0]?.embeds[0]?.description).toMatch(/^\*\*Sent late/u);
    expect(formatDigest(digest([]), { late: true })[0]?.embeds[0]?.description).toContain('Sent late');
  });
});
