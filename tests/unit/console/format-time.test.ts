/** Display helpers: absolute times in the configured zone with relative ones beside them, counts in number. */
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import {
  absoluteTime,
  countOf,
  displayTimeZone,
  setDisplayTimeZone,
  timeAgo,
} from '../../../src/console/web/format.js';

const NOW = new Date('2026-12-03T12:00:00Z');

describe('times in the operator zone', () => {
  afterEach(() => setDisplayTimeZone(undefined));

  it.each([
    ['Asia/Baghdad', '2026-12-03T09:30:00Z', '3 Dec 12:30'],
    ['UTC', '2026-12-03T09:30:00Z', '3 Dec 09:30'],
    ['America/New_York', '2026-12-03T03:05:00Z', '2 Dec 22:05'],
    ['Asia/Kolkata', '2026-06-30T20:00:00Z', '1 Jul 01:30'],
  ])('%s: %s is shown as %s', (zone, iso, shown) => {
    setDisplayTimeZone(zone);
    expect(displayTimeZone()).toBe(zone);
    expect(absoluteTime(iso, NOW)).toBe(shown);
  });

  it('adds the year when it is not the current one, and the zone on request', () => {
    setDisplayTimeZone('Asia/Baghdad');
    expect(absoluteTime('2025-10-02T09:30:00Z', NOW)).toBe('2 Oct 2025 12:30');
    expect(absoluteTime('2026-12-03T09:30:00Z', NOW, true)).toBe('3 Dec 12:30 GMT+3');
  });

  it('falls back to the process zone for an unknown zone name', () => {
    const processZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const bad of ['Mars/Olympus', 'not a zone', '../../etc/passwd']) {
      setDisplayTimeZone(bad);
      expect(displayTimeZone()).toBe(processZone);
    }
  });

  it('puts the relative time beside the absolute one, past and future, and the UTC instant in the tooltip', () => {
    setDisplayTimeZone('UTC');
    const past = timeAgo('2026-12-03T11:55:00Z', NOW).value;
    expect(past).toContain('3 Dec 11:55');
    expect(past).toContain('5 min ago');
    expect(past).toContain('title="2026-12-03T11:55:00.000Z"');
    expect(timeAgo('2026-12-05T11:00:00Z', NOW).value).toContain('in 47 h');
    expect(timeAgo('2026-12-05T12:00:00Z', NOW).value).toContain('in 2 d');
    expect(timeAgo('2026-11-01T12:00:00Z', NOW).value).toContain('32 d ago');
    for (const missing of [null, undefined, '', 'yesterday'])
      expect(timeAgo(missing, NOW).value).toContain('—');
  });

  it('DASHBOARD_TIME_ZONE is checked when the environment is read', () => {
    expect(loadEnv({ DASHBOARD_TIME_ZONE: 'Asia/Baghdad' }).DASHBOARD_TIME_ZONE).toBe('Asia/Baghdad');
    expect(loadEnv({}).DASHBOARD_TIME_ZONE).toBeUndefined();
    expect(() => loadEnv({ DASHBOARD_TIME_ZONE: 'Baghdad/Nowhere' })).toThrow(/DASHBOARD_TIME_ZONE/);
  });
});

describe('counts', () => {
  it.each([
    [0, 'item', undefined, '0 items'],
    [1, 'item', undefined, '1 item'],
    [2, 'item', undefined, '2 items'],
    [1, 'story', 'stories', '1 story'],
    [12_345, 'story', 'stories', '12,345 stories'],
    [1, 'retry', 'retries', '1 retry'],
    [3, 'retry', 'retries', '3 retries'],
  ])('%d %s', (n, singular, plural, text) => {
    expect(countOf(n, singular, plural)).toBe(text);
  });
});
