/**
 * A source's normal publishing rate by weekday × hour of day (in the source's time zone), learned from the times
 * of its stored items, and the test that says it has gone quiet: the Poisson probability of seeing so few items
 * in a trailing window. Pure functions; the caller loads the times.
 *
 * Rates are shrunk twice so thin data is never over-read: each hour-of-day rate (pooled over weekdays) towards
 * the source's overall rate, and each weekday × hour rate towards its hour-of-day rate, with a few pseudo-hours of
 * exposure each (a Gamma–Poisson posterior mean). A source with too little history is "learning" and never flagged.
 */
import { DateTime } from 'luxon';

const HOUR_MS = 3_600_000;
const BUCKETS = 7 * 24;

export interface RateModelOptions {
  /** Pseudo-hours pulling each hour-of-day rate towards the overall rate. @defaultValue 6 */
  hourPriorHours?: number;
  /** Pseudo-hours pulling each weekday × hour rate towards its hour-of-day rate. @defaultValue 4 */
  bucketPriorHours?: number;
}

export interface SourceRateModel {
  timeZone: string;
  /** Items per hour for bucket `(weekday − 1) × 24 + hour` (luxon weekday: Monday = 1). */
  rates: number[];
  /** Items per hour over the whole learning period. */
  overallPerHour: number;
  /** Hours of history learned from. */
  exposureHours: number;
  items: number;
}

// Buckets of recent UTC hours per zone: learning a model reads thousands of item times, and a zone's offset is
// whole-hour for all of raqib's outlets, so one luxon conversion per UTC hour suffices. Bounded; cleared when full.
const bucketCache = new Map<string, number>();
const BUCKET_CACHE_MAX = 100_000;

/** Bucket index of instant `ms` in `timeZone`. */
export function bucketOf(ms: number, timeZone: string): number {
  const hourIndex = Math.floor(ms / HOUR_MS);
  const key = `${timeZone}|${hourIndex}`;
  const cached = bucketCache.get(key);
  if (cached !== undefined) return cached;
  const t = DateTime.fromMillis(ms, { zone: timeZone });
  const zoned = t.isValid ? t : DateTime.fromMillis(ms, { zone: 'UTC' });
  const bucket = (zoned.weekday - 1) * 24 + zoned.hour;
  // Only zones whose offset is whole hours map a UTC hour to one local hour.
  if (zoned.offset % 60 === 0) {
    if (bucketCache.size >= BUCKET_CACHE_MAX) bucketCache.clear();
    bucketCache.set(key, bucket);
  }
  return bucket;
}

/** Walk [from, to) in pieces that never cross an hour boundary: `visit(bucket, hours)`. */
function walkHours(
  from: number,
  to: number,
  timeZone: string,
  visit: (bucket: number, hours: number) => void,
) {
  let t = from;
  while (t < to) {
    // Pieces end on UTC hour boundaries: exact for zones with whole-hour offsets (all of raqib's outlets); for
    // half-hour zones part of each piece lands in the neighbouring local hour, which the smoothing absorbs.
    const next = Math.min(to, (Math.floor(t / HOUR_MS) + 1) * HOUR_MS);
    visit(bucketOf(t, timeZone), (next - t) / HOUR_MS);
    t = next;
  }
}

/** Learn the rate model from item times (ms) observed over [from, to). Times outside are ignored. */
export function learnRateModel(
  times: readonly number[],
  from: number,
  to: number,
  timeZone: string,
  options: RateModelOptions = {},
): SourceRateModel {
  const hourPrior = options.hourPriorHours ?? 6;
  const bucketPrior = options.bucketPriorHours ?? 4;
  const counts = new Array<number>(BUCKETS).fill(0);
  const exposure = new Array<number>(BUCKETS).fill(0);
  let items = 0;
  for (const t of times) {
    if (t < from || t >= to) continue;
    counts[bucketOf(t, timeZone)]! += 1;
    items += 1;
  }
  let exposureHours = 0;
  walkHours(from, to, timeZone, (bucket, hours) => {
    exposure[bucket]! += hours;
    exposureHours += hours;
  });
  const overallPerHour = exposureHours > 0 ? items / exposureHours : 0;
  const hourRates = Array.from({ length: 24 }, (_, hour) => {
    let c = 0;
    let e = 0;
    for (let day = 0; day < 7; day += 1) {
      c += counts[day * 24 + hour]!;
      e += exposure[day * 24 + hour]!;
    }
    return (c + hourPrior * overallPerHour) / (e + hourPrior);
  });
  const rates = counts.map(
    (c, bucket) => (c + bucketPrior * hourRates[bucket % 24]!) / (exposure[bucket]! + bucketPrior),
  );
  return { timeZone, rates, overallPerHour, exposureHours, items };
}

/** Expected number of items in [from, to) under the model. */
export function expectedBetween(model: SourceRateModel, from: number, to: number): number {
  let expected = 0;
  walkHours(from, to, model.timeZone, (bucket, hours) => {
    expected += model.rates[bucket]! * hours;
  });
  return expected;
}

/** P(X ≤ k) for X ~ Poisson(lambda), summed in log space so large lambdas do not underflow early. */
export function poissonCdf(k: number, lambda: number): number {
  if (lambda <= 0) return 1;
  if (k < 0) return 0;
  let logTerm = -lambda; // log P(X = 0)
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= Math.floor(k); i += 1) {
    logTerm += Math.log(lambda) - Math.log(i);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

export interface QuietOptions {
  /** Flag when P(≤ observed) is below this. @defaultValue 0.01 */
  maxProbability?: number;
  /** …and observed ≤ this share of the expected count ("well below"). @defaultValue 0.25 */
  maxRatio?: number;
  /** …and the window is at least this many usual gaps (1 / overall rate). @defaultValue 2 */
  minGaps?: number;
  /** …and at least this long. @defaultValue 1 hour */
  minWindowMs?: number;
  /** Trailing windows tried besides "since the last item". @defaultValue 2, 4, 8, 12, 24, 48 hours */
  windowsMs?: readonly number[];
}

export interface QuietFinding {
  since: number;
  until: number;
  observed: number;
  expected: number;
  probability: number;
}

/**
 * The most improbable trailing window ending at `until` that qualifies as quiet, or null. `times` are the source's
 * item times (any order); `lastItemAt` (ms or null) gives the "since the last item" window.
 */
export function findQuietWindow(
  model: SourceRateModel,
  times: readonly number[],
  until: number,
  options: QuietOptions = {},
): QuietFinding | null {
  const maxProbability = options.maxProbability ?? 0.01;
  const maxRatio = options.maxRatio ?? 0.25;
  const usualGapMs = model.overallPerHour > 0 ? HOUR_MS / model.overallPerHour : Infinity;
  const minWindow = Math.max(options.minWindowMs ?? HOUR_MS, (options.minGaps ?? 2) * usualGapMs);
  const windows = options.windowsMs ?? [2, 4, 8, 12, 24, 48].map((h) => h * HOUR_MS);
  const before = times.filter((t) => t <= until);
  const last = before.length > 0 ? before.reduce((a, b) => Math.max(a, b)) : null;
  const starts = windows.map((w) => until - w);
  if (last !== null) starts.push(last);
  let best: QuietFinding | null = null;
  for (const since of starts) {
    if (until - since < minWindow) continue;
    // The item that opens a "since the last item" window is not part of it.
    const observed = before.filter((t) => t > since).length;
    const expected = expectedBetween(model, since, until);
    if (observed > maxRatio * expected) continue;
    // Still quiet now: the window's second half must be as far below the usual rate, so a source that has
    // recovered is not flagged for the deficit it left behind.
    const half = since + (until - since) / 2;
    const lateObserved = before.filter((t) => t > half).length;
    if (lateObserved > 0 && lateObserved > maxRatio * expectedBetween(model, half, until)) continue;
    const probability = poissonCdf(observed, expected);
    if (probability >= maxProbability) continue;
    if (!best || probability < best.probability) best = { since, until, observed, expected, probability };
  }
  return best;
}
