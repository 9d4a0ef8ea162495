/**
 * When a channel's digest is due, in its own time zone: the cron pattern for its BullMQ job scheduler, the
 * scheduled instant of a given date, and which date's digest is the latest one due. Pure (luxon).
 */
import { DateTime } from 'luxon';
import type { ChannelConfig } from '../config/channels.js';

export const DEFAULT_DIGEST_TIME = '08:00';
export const DEFAULT_DIGEST_TIME_ZONE = 'Asia/Baghdad';

export interface DigestSettings {
  /** Local HH:MM. */
  time: string;
  /** IANA time zone. */
  timeZone: string;
  whenEmpty: 'line' | 'nothing';
  /** Minimum score for entries (on top of the topic's digest threshold). */
  minScore: number;
  /** False when the channel has no digest configured (previews use the defaults). */
  scheduled: boolean;
  /** The channel's label language (`language`), default both. */
  language: 'ar' | 'en' | 'both';
}

/** The channel's digest settings with defaults filled in. */
export function digestSettings(channel: Pick<ChannelConfig, 'digest' | 'language'>): DigestSettings {
  const digest = channel.digest;
  return {
    time: digest?.time ?? DEFAULT_DIGEST_TIME,
    timeZone: digest?.timeZone ?? DEFAULT_DIGEST_TIME_ZONE,
    whenEmpty: digest?.whenEmpty ?? 'line',
    minScore: digest?.minScore ?? 0,
    scheduled: digest !== null,
    language: channel.language ?? 'both',
  };
}

/** `HH:MM` → the cron pattern `M H * * *` (BullMQ applies the time zone). */
export function cronPattern(time: string): string {
  const [hour, minute] = parseTime(time);
  return `${minute} ${hour} * * *`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isDigestDate(date: string): boolean {
  return DATE.test(date) && DateTime.fromISO(date, { zone: 'UTC' }).isValid;
}

/** The instant the digest of `date` (YYYY-MM-DD, local) is due. A time skipped by DST moves forward. */
export function scheduledAt(date: string, settings: Pick<DigestSettings, 'time' | 'timeZone'>): Date {
  const [hour, minute] = parseTime(settings.time);
  const local = DateTime.fromISO(date, { zone: settings.timeZone }).set({
    hour,
    minute,
    second: 0,
    millisecond: 0,
  });
  if (!local.isValid) throw new Error(`invalid digest date ${date} in ${settings.timeZone}`);
  return local.toJSDate();
}

/** The local date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() ?? '';
}

/** The date whose digest is the latest one due at `now`: today once today's time has passed, else yesterday. */
export function latestDueDate(now: Date, settings: Pick<DigestSettings, 'time' | 'timeZone'>): string {
  const today = localDate(now, settings.timeZone);
  if (scheduledAt(today, settings).getTime() <= now.getTime()) return today;
  return DateTime.fromISO(today, { zone: settings.timeZone }).minus({ days: 1 }).toISODate() ?? today;
}

/** `instant` for people in `timeZone`: `07:42` on the digest's own day, `Sat 21:10` on another day. */
export function formatLocalTime(instant: Date, timeZone: string, digestDate: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return local.toISODate() === digestDate
    ? local.toFormat('HH:mm')
    : local.setLocale('en').toFormat('ccc HH:mm');
}

function parseTime(time: string): [number, number] {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`digest time must be HH:MM, got ${time}`);
  return [Number(match[1]), Number(match[2])];
}
