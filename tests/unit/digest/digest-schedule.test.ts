import { describe, expect, it } from 'vitest';
import {
  cronPattern,
  digestSettings,
  formatLocalTime,
  isDigestDate,
  latestDueDate,
  scheduledAt,
} from '../../../src/digest/digest-schedule.js';
import { parseChannelsFile } from '../../../src/config/channels.js';

const baghdad = { time: '08:00', timeZone: 'Asia/Baghdad' };

describe('digest schedule', () => {
  it('turns HH:MM into a daily cron pattern', () => {
    expect(cronPattern('08:00')).toBe('0 8 * * *');
    expect(cronPattern('23:45')).toBe('45 23 * * *');
    expect(() => cronPattern('8:00')).toThrow();
  });

  it('computes the scheduled instant in the channel time zone', () => {
    expect(scheduledAt('2026-11-22', baghdad).toISOString()).toBe('2026-11-22T05:00:00.000Z');
    // New York: EDT (−4) in July, EST (−5) in November.
    const ny = { time: '08:00', timeZone: 'America/New_York' };
    expect(scheduledAt('2026-07-01', ny).toISOString()).toBe('2026-07-01T12:00:00.000Z');
    expect(scheduledAt('2026-11-22', ny).toISOString()).toBe('2026-11-22T13:00:00.000Z');
  });

  it('knows which date is the latest due', () => {
    expect(latestDueDate(new Date('2026-11-22T04:59:59Z'), baghdad)).toBe('2026-11-21');
    expect(latestDueDate(new Date('2026-11-22T05:00:00Z'), baghdad)).toBe('2026-11-22');
    // 23:30 UTC on the 22nd is already the 23rd in Baghdad, before 08:00 there.
    expect(latestDueDate(new Date('2026-11-22T23:30:00Z'), baghdad)).toBe('2026-11-22');
  });

  it('validates dates and formats local times', () => {
    expect(isDigestDate('2026-02-28')).toBe(true);
    expect(isDigestDate('2026-02-30')).toBe(false);
    expect(isDigestDate('22-11-2026')).toBe(false);
    expect(formatLocalTime(new Date('2026-11-22T04:42:00Z'), 'Asia/Baghdad', '2026-11-22')).toBe('07:42');
    expect(formatLocalTime(new Date('2026-11-21T18:10:00Z'), 'Asia/Baghdad', '2026-11-22')).toBe('Sat 21:10');
  });

  it('defaults to 08:00 Asia/Baghdad and a "no new items" line', () => {
    const [onDefault, off, custom] = parseChannelsFile(
      'channels.yaml',
      `channels:
  - { id: a, discordChannelId: "1000001", topics: ["*"], digest: true }
  - { id: b, discordChannelId: "1000002", topics: ["*"] }
  - id: c
    discordChannelId: "1000003"
    topics: ["*"]
    language: ar
    digest: { time: "19:30", timeZone: Europe/London, whenEmpty: nothing, minScore: 0.5 }
`,
    );
    expect(digestSettings(onDefault!)).toEqual({
      time: '08:00',
      timeZone: 'Asia/Baghdad',
      whenEmpty: 'line',
      minScore: 0,
      scheduled: true,
      language: 'both',
    });
    expect(off?.digest).toBeNull();
    expect(digestSettings(off!).scheduled).toBe(false);
    expect(digestSettings(custom!)).toMatchObject({
      time: '19:30',
      whenEmpty: 'nothing',
      minScore: 0.5,
      language: 'ar',
    });
  });
});
