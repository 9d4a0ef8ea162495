import { describe, expect, it } from 'vitest';
import { parseAgeLimit } from '../../../../src/config/duration.js';
import { loadEnv } from '../../../../src/config/env.js';
import { parseSourceFile } from '../../../../src/config/sources.js';
import {
  alertLeadOf,
  firstCrawlAlertAge,
  firstCrawlHoldReason,
  formatAge,
} from '../../../../src/pipeline/article/first-crawl.js';
import { dropCategory } from '../../../../src/app/metrics/metrics.js';
import { decideAlert, type DropReason } from '../../../../src/pipeline/article/decide-alert.js';

const HOUR = 3_600_000;
const now = new Date('2026-11-23T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const hold = (firstCrawl: boolean, publishedAt: string | null, limit: number | 'off') =>
  firstCrawlHoldReason({ firstCrawl, publishedAt, limit }, now);

describe('first-crawl hold', () => {
  it('holds back an entry of a first crawl published before the limit, with a readable reason', () => {
    const published = ago(7 * HOUR);
    const reason = hold(true, published, 6 * HOUR);
    expect(reason).toBe(`first crawl of the source: published ${published}, older than 6h`);
    const decided = decideAlert({
      classification: { topicId: 't', score: 0.9, decision: 'alert', reasons: [] },
      publishedAt: published,
      at: now,
      maxAlertAgeMs: 72 * HOUR,
      firstCrawl: { firstCrawl: true, limit: 6 * HOUR },
      duplicateOf: null,
    });
    expect(decided).toEqual({ decision: 'digest', reason: { kind: 'first-crawl-hold', detail: reason } });
    expect(dropCategory(decided.reason?.kind ?? null)).toBe('first-crawl');
  });

  it('lets a fresh entry of a first crawl alert', () => {
    expect(hold(true, ago(5 * HOUR), 6 * HOUR)).toBeNull();
    expect(hold(true, ago(6 * HOUR), 6 * HOUR)).toBeNull(); // exactly at the limit still alerts
  });

  it('never holds an entry of a later crawl, however old (items missed while down)', () => {
    expect(hold(false, ago(70 * HOUR), 6 * HOUR)).toBeNull();
    expect(hold(false, null, 0)).toBeNull();
  });

  it('holds an undated entry of a first crawl', () => {
    expect(hold(true, null, 6 * HOUR)).toBe('first crawl of the source: no publication date');
    expect(hold(true, 'not a date', 6 * HOUR)).toBe('first crawl of the source: no publication date');
  });

  it('0 holds every entry of a first crawl; off holds none', () => {
    expect(hold(true, ago(60_000), 0)).toMatch(/^first crawl of the source: published .*alerts nothing/);
    expect(hold(true, ago(70 * HOUR), 'off')).toBeNull();
    expect(hold(true, null, 'off')).toBeNull();
  });

  it("takes the source's own limit over the setting, the setting over the 6-hour default", () => {
    expect(firstCrawlAlertAge({ firstCrawlAlertAge: 'off' }, { settings: settings(2 * HOUR) })).toBe('off');
    expect(firstCrawlAlertAge({ firstCrawlAlertAge: 0 }, { settings: settings(2 * HOUR) })).toBe(0);
    expect(firstCrawlAlertAge({}, { settings: settings(2 * HOUR) })).toBe(2 * HOUR);
    expect(firstCrawlAlertAge({}, { settings: settings(undefined) })).toBe(6 * HOUR);
  });

  it('formats ages in their largest exact unit', () => {
    expect([formatAge(6 * HOUR), formatAge(90 * 60_000), formatAge(2 * 24 * HOUR), formatAge(1500)]).toEqual([
      '6h',
      '90m',
      '2d',
      '1500ms',
    ]);
  });
});

describe('alert lead of a story', () => {
  const item = (
    id: string,
    sourceId: string,
    decision: string,
    duplicateOf: string | null,
    dropReason: DropReason | null,
  ) => ({
    id,
    sourceId,
    decision,
    duplicateOf,
    dropReason: dropReason?.detail ?? null,
    dropKind: dropReason?.kind ?? null,
  });
  const dup = (of: string): DropReason => ({ kind: 'duplicate', detail: `duplicate of ${of}` });
  const held = item('a', 'one', 'digest', null, {
    kind: 'first-crawl-hold',
    detail: 'first crawl of the source: published x, older than 6h',
  });

  it('is the first alerted original when there is one', () => {
    const lead = item('b', 'two', 'alert', null, null);
    expect(alertLeadOf([held, lead, item('c', 'three', 'alert', 'b', dup('b'))])).toBe(lead);
  });

  it("is another outlet's alerted copy of an item a first crawl held back", () => {
    const copy = item('b', 'two', 'alert', 'a', dup('a'));
    expect(alertLeadOf([held, copy])).toBe(copy);
  });

  it('is nothing for a copy from the same outlet, or of an item held for another reason', () => {
    expect(alertLeadOf([held, item('b', 'one', 'alert', 'a', dup('a'))])).toBeUndefined();
    const digest = item('a', 'one', 'digest', null, null);
    expect(alertLeadOf([digest, item('b', 'two', 'alert', 'a', dup('a'))])).toBeUndefined();
  });
});

function settings(firstCrawlAlertAgeMs: number | undefined) {
  return {
    maxAlertAgeMs: 72 * HOUR,
    pauseAfterFailures: 10,
    ...(firstCrawlAlertAgeMs === undefined ? {} : { firstCrawlAlertAgeMs }),
  };
}

describe('first-crawl alert age configuration', () => {
  it('parses off, zero and durations, and rejects the rest', () => {
    expect(parseAgeLimit('off')).toBe('off');
    expect(parseAgeLimit('OFF')).toBe('off');
    expect(parseAgeLimit('0')).toBe(0);
    expect(parseAgeLimit('0h')).toBe(0);
    expect(parseAgeLimit(0)).toBe(0);
    expect(parseAgeLimit('90m')).toBe(90 * 60_000);
    expect(parseAgeLimit(60)).toBe(60_000);
    expect(() => parseAgeLimit('soon')).toThrow(/invalid duration/);
    expect(() => parseAgeLimit(-5)).toThrow(/invalid duration/);
  });

  it('reads FIRST_CRAWL_ALERT_AGE (default 6h) and names it when invalid', () => {
    expect(loadEnv({}).FIRST_CRAWL_ALERT_AGE).toBe(6 * HOUR);
    expect(loadEnv({ FIRST_CRAWL_ALERT_AGE: '' }).FIRST_CRAWL_ALERT_AGE).toBe(6 * HOUR);
    expect(loadEnv({ FIRST_CRAWL_ALERT_AGE: '30m' }).FIRST_CRAWL_ALERT_AGE).toBe(30 * 60_000);
    expect(loadEnv({ FIRST_CRAWL_ALERT_AGE: '0' }).FIRST_CRAWL_ALERT_AGE).toBe(0);
    expect(loadEnv({ FIRST_CRAWL_ALERT_AGE: 'off' }).FIRST_CRAWL_ALERT_AGE).toBe('off');
    expect(() => loadEnv({ FIRST_CRAWL_ALERT_AGE: 'yesterday' })).toThrow(
      /FIRST_CRAWL_ALERT_AGE: invalid duration/,
    );
  });

  it("reads a source's firstCrawlAlertAge", () => {
    const yaml = (value: string) =>
      `name: Example\nlanguage: ar\nfirstCrawlAlertAge: ${value}\nfetch:\n  - type: feed\n    url: https://example.org/rss\n`;
    expect(parseSourceFile('selectors/x.yaml', yaml('2h')).firstCrawlAlertAge).toBe(2 * HOUR);
    expect(parseSourceFile('selectors/x.yaml', yaml('off')).firstCrawlAlertAge).toBe('off');
    expect(parseSourceFile('selectors/x.yaml', yaml('0')).firstCrawlAlertAge).toBe(0);
    expect(parseSourceFile('selectors/x.yaml', yaml('1d')).firstCrawlAlertAge).toBe(24 * HOUR);
    expect(() => parseSourceFile('selectors/x.yaml', yaml('later'))).toThrow(/firstCrawlAlertAge/);
  });
});
