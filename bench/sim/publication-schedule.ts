/**
 * When the simulated outlets publish (benchmark helper, not production code), drawn once so that several runs
 * (fixed polling, adaptive polling) replay the same schedule. Outlets publish the way outlets do: mean rates
 * log-uniform over two orders of magnitude (scaled so that all outlets together publish `perMinute` items a
 * minute on average), a day/night cycle in each outlet's own time zone (night at a fifth of the day rate), and
 * bursts (about one a day per outlet, 30 minutes at six times the rate). The same process also gives each outlet
 * a history (the items raqib would have stored over the last days), so that adaptive polling has rates to learn.
 * Times are offsets (ms) from an anchor: negative = history, from 0 on = the run's publishing.
 */
import { seededRng } from './article-text.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BURST_MS = 30 * 60_000;
const BURST_FACTOR = 6;
const ZONES = [3, 1, -5, 0, 4]; // UTC offsets: Baghdad, Paris, New York, London, Dubai

export interface OutletProfile {
  outlet: number;
  /** Mean items an hour over a day. */
  meanPerHour: number;
  utcOffsetHours: number;
  /** Burst starts (offsets from the anchor, ms). */
  bursts: number[];
}

export interface ScheduledItem {
  /** Offset from the start of publishing (ms). */
  atMs: number;
  outlet: number;
  topical: boolean;
  lang: 'ar' | 'en';
}

export interface PublicationSchedule {
  /** Wall-clock time (epoch ms) the day/night cycle is read at for offset 0. */
  anchor: number;
  profiles: OutletProfile[];
  /** The run's items, in time order. */
  items: ScheduledItem[];
  /** History per outlet: offsets (ms, negative) of items published before the run, oldest first. */
  history: number[][];
  /** Outlets in the busiest tenth by mean rate. */
  busiest: Set<number>;
}

export interface ScheduleOptions {
  outlets: number;
  perMinute: number;
  runMs: number;
  topicalShare: number;
  arabicShare?: number;
  /** History kept: items published in [−historyFromMs, −historyToMs]. @defaultValue 8 days to 73 hours */
  historyFromMs?: number;
  historyToMs?: number;
  seed: number;
  anchor: number;
}

/** Day/night shape in local time: 1 from 08 to 22, 0.2 at night, normalised to a daily mean of 1. */
export function dayShape(epochMs: number, utcOffsetHours: number): number {
  const hour = (((epochMs / HOUR + utcOffsetHours) % 24) + 24) % 24;
  return (hour >= 8 && hour < 22 ? 1 : 0.2) / ((14 + 10 * 0.2) / 24);
}

export function rateAt(profile: OutletProfile, offsetMs: number, anchor: number): number {
  const burst = profile.bursts.some((b) => offsetMs >= b && offsetMs < b + BURST_MS) ? BURST_FACTOR : 1;
  return profile.meanPerHour * dayShape(anchor + offsetMs, profile.utcOffsetHours) * burst;
}

export function buildSchedule(options: ScheduleOptions): PublicationSchedule {
  const rng = seededRng(options.seed * 7919 + 13);
  const historyFrom = options.historyFromMs ?? 8 * DAY;
  const historyTo = options.historyToMs ?? 73 * HOUR;
  const raw = Array.from({ length: options.outlets }, () => 0.1 * Math.pow(100, rng()));
  const scale =
    (options.perMinute * 60) /
    Math.max(
      1e-9,
      raw.reduce((a, b) => a + b, 0),
    );
  const profiles: OutletProfile[] = raw.map((r, outlet) => {
    const bursts: number[] = [];
    for (let t = -historyFrom - BURST_MS; t < options.runMs;) {
      t += -Math.log(1 - rng()) * DAY;
      bursts.push(t);
    }
    return { outlet, meanPerHour: r * scale, utcOffsetHours: ZONES[outlet % ZONES.length] ?? 0, bursts };
  });
  // Thinning of a Poisson process at each outlet's peak rate.
  const times = (profile: OutletProfile, from: number, to: number): number[] => {
    const peak = profile.meanPerHour * (24 / 16) * BURST_FACTOR;
    const out: number[] = [];
    for (let t = from; ;) {
      t += (-Math.log(1 - rng()) / peak) * HOUR;
      if (t >= to) return out;
      if (rng() < rateAt(profile, t, options.anchor) / peak) out.push(Math.round(t));
    }
  };
  const history = profiles.map((p) => times(p, -historyFrom, -historyTo));
  const arabicShare = options.arabicShare ?? 0.6;
  const items: ScheduledItem[] = profiles
    .flatMap((p) => times(p, 0, options.runMs).map((atMs) => ({ atMs, outlet: p.outlet })))
    .sort((a, b) => a.atMs - b.atMs || a.outlet - b.outlet)
    .map((x) => ({ ...x, topical: rng() < options.topicalShare, lang: rng() < arabicShare ? 'ar' : 'en' }));
  const ranked = [...profiles].sort((a, b) => b.meanPerHour - a.meanPerHour);
  const busiest = new Set(
    ranked.slice(0, Math.max(1, Math.round(options.outlets / 10))).map((p) => p.outlet),
  );
  return { anchor: options.anchor, profiles, items, history, busiest };
}
