/**
 * Scraped text (headlines, leads, outlet names, digest entries) goes through cleanScraped: no markdown construct,
 * mention, timestamp or masked link the outlet wrote may stay live, and control characters are dropped.
 */
import { describe, expect, it } from 'vitest';
import { cleanScraped, fitDisplayText } from '../../../src/deliver/discord/fit-text.js';

/** True when some `[`, `]` or `<` in `out` is not preceded by an odd run of backslashes (i.e. is live). */
function hasLive(out: string, chars: string): boolean {
  for (let i = 0; i < out.length; i++) {
    if (!chars.includes(out[i] ?? '')) continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && out[j] === '\\'; j--) slashes++;
    if (slashes % 2 === 0) return true;
  }
  return false;
}

describe('masked links anywhere in scraped text', () => {
  it.each([
    'See [the report](https://evil.example/a) and [the video](https://evil.example/b)',
    'انسحاب القوات [اقرأ المزيد](https://evil.example/x) ثم [الفيديو](https://evil.example/y) و[ثالث](https://e.example)',
    'a [x](https://e.example) b [y](<https://e.example>) c [[z]](https://e.example)',
    'already \\[escaped](https://e.example) then [live](https://e.example)',
  ])('leaves no live bracket in %s', (text) => {
    const out = cleanScraped(text);
    expect(hasLive(out, '[]')).toBe(false);
  });
});

describe('mentions, channels, roles and timestamps', () => {
  it.each([
    '<@123456789012345678>',
    '<@!123456789012345678>',
    '<#123456789012345678>',
    '<@&123456789012345678>',
    '<t:1700000000:R>',
    '<https://evil.example>',
  ])('%s renders literally', (token) => {
    const out = cleanScraped(`قال ${token} اليوم`);
    expect(hasLive(out, '<')).toBe(false);
  });
  it.each(['@everyone', '@here', '@EVERYONE'])('%s is defanged', (m) => {
    expect(cleanScraped(`hello ${m}`)).not.toMatch(/@(everyone|here)/iu);
  });
});

describe('inline and line markdown', () => {
  it.each([
    ['**bold**', /(?<!\\)\*\*/u],
    ['__under__', /(?<!\\)__/u],
    ['~~strike~~', /(?<!\\)~~/u],
    ['`code`', /(?<!\\)`/u],
    ['||spoiler||', /(?<!\\)\|\|/u],
  ])('%s is escaped', (text, live) => {
    expect(cleanScraped(`x ${text} y`)).not.toMatch(live);
  });
  it.each(['1. item', '12. بند'])('numbered list %s is escaped', (text) => {
    expect(cleanScraped(text)).toMatch(/^\d+\\\./u);
  });
  it.each(['# Heading', '## عنوان', '> quoted', '>>> block', '-# subtext', '- item'])(
    'line construct %s at the start is escaped',
    (text) => {
      expect(cleanScraped(text).startsWith('\\')).toBe(true);
    },
  );
});

describe('control and bidi characters', () => {
  it.each(['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u009b'])('drops %j', (ctl) => {
    const out = cleanScraped(`انسحاب${ctl}القوات`);
    // eslint-disable-next-line no-control-regex -- the assertion is about control characters
    expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u);
  });
  it.each(['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'])(
    'strips scraped bidi control U+%s',
    (ctl) => {
      const out = fitDisplayText(`Title ${ctl}gnp.exe`, 200);
      expect(out).not.toContain(ctl);
    },
  );
});
