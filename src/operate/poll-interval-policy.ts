/**
 * Adaptive polling: how often each source is crawled, from what it publishes, within a total request budget.
 *
 * Pure. The caller gives each source its configured interval (which sets the budget: never more requests in all
 * than fixed polling at the configured intervals), its expected publication rate now (from its learned rate model)
 * and the floors that politeness imposes (per-host minimum delay, robots.txt `Crawl-delay`, the feed's freshness
 * lifetime, an operator's own minimum). Written by hand because no library plans polling rates.
 *
 * The rule: with a source polled every T, an item waits T/2 on average until it is seen, so the expected wait of
 * all items is Σ λᵢ·Tᵢ/2 for publication rates λᵢ. Minimising it under a fixed request rate Σ 1/Tᵢ = R gives
 * 1/Tᵢ ∝ √λᵢ (Lagrange): busy sources are polled more often, but only with the square root of their rate, so a
 * quiet source is never starved. Each rate is clamped to its floor and ceiling and the constant is found by
 * bisection (water filling), so clamped sources free or take budget from the others.
 */

export interface PollSourceInput {
  id: string;
  /** The configured interval (ms): the source's share of the request budget. */
  baseIntervalMs: number;
  /** Expected items per hour around now (learned); `null` while the source is still learning. */
  expectedPerHour: number | null;
  /** Never crawl more often than this (ms) and why; the largest floor wins. */
  floors: readonly { ms: number; why: string }[];
  /** The operator turned adaptation off for this source: it keeps its configured interval. */
  fixed?: boolean;
  /** Publication is not expected now (feed `skipHours`): poll at the ceiling. */
  skipNow?: boolean;
  /** A verified WebSub subscription pushes its news: poll only at the slow safety interval. */
  pushed?: boolean;
}

export interface PollPlanOptions {
  /** Longest interval relative to the configured one (fitted: `npm run fit:polling`). @defaultValue 10 */
  maxFactor?: number;
  /** Shortest interval any source gets (ms). @defaultValue 10 000 */
  minIntervalMs?: number;
  /** Intervals are rounded up to this step (ms). @defaultValue 1 000 */
  stepMs?: number;
  /** Safety interval of a pushed source (ms), at least its ceiling. @defaultValue 15 min */
  pushedIntervalMs?: number;
  /** Exponent of the rate in each source's share (½: the mean-wait optimum; fitted 0.35). @defaultValue 0.35 */
  exponent?: number;
  /**
   * Shortest interval worth spending budget on for an adaptive source (ms): an item seen within it is in time,
   * so polling faster buys little and the budget goes to the next source. `Infinity`/unset = no such cap.
   */
  usefulIntervalMs?: number;
  /** Sources expecting at least `fastPerHour` items an hour now may go down to `fastIntervalMs` instead. */
  fastIntervalMs?: number;
  fastPerHour?: number;
}

export interface PollPlanEntry {
  id: string;
  intervalMs: number;
  /** One line for operators: why this interval. */
  why: string;
}

export interface PollPlan {
  entries: PollPlanEntry[];
  /** Requests per hour the plan makes, and the budget (fixed polling at the configured intervals). */
  requestsPerHour: number;
  budgetPerHour: number;
}

const HOUR_MS = 3_600_000;

function describeSeconds(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

/** Plan one interval per source. Sources that are fixed, learning or skipping keep their own rule. */
export function planPollIntervals(
  sources: readonly PollSourceInput[],
  options: PollPlanOptions = {},
): PollPlan {
  const maxFactor = options.maxFactor ?? 10;
  const globalMin = options.minIntervalMs ?? 10_000;
  const step = options.stepMs ?? 1_000;
  const exponent = options.exponent ?? 0.35;
  const budget = sources.reduce((sum, s) => sum + HOUR_MS / s.baseIntervalMs, 0);

  interface Adaptive {
    source: PollSourceInput;
    weight: number;
    minRate: number;
    maxRate: number;
    floor: { ms: number; why: string };
    usefulMs: number;
  }
  const entries = new Map<string, PollPlanEntry>();
  const adaptive: Adaptive[] = [];
  let spent = 0;
  for (const source of sources) {
    const floor = [{ ms: globalMin, why: 'minimum interval' }, ...source.floors].reduce((a, b) =>
      b.ms > a.ms ? b : a,
    );
    const ceilingMs = Math.max(source.baseIntervalMs * maxFactor, floor.ms);
    const keep = (ms: number, why: string) => {
      const intervalMs = Math.max(ms, floor.ms);
      entries.set(source.id, {
        id: source.id,
        intervalMs,
        why: intervalMs > ms ? `${why}; held at ${floor.why} (${describeSeconds(floor.ms)})` : why,
      });
      spent += HOUR_MS / intervalMs;
    };
    const usefulMs =
      options.fastIntervalMs !== undefined &&
      options.fastPerHour !== undefined &&
      (source.expectedPerHour ?? 0) >= options.fastPerHour
        ? options.fastIntervalMs
        : (options.usefulIntervalMs ?? 0);
    if (source.pushed)
      keep(Math.max(ceilingMs, options.pushedIntervalMs ?? 900_000), 'WebSub push: slow safety polling');
    else if (source.fixed) keep(source.baseIntervalMs, 'fixed by the operator');
    else if (source.expectedPerHour === null) keep(source.baseIntervalMs, 'learning: configured interval');
    else if (source.skipNow) keep(ceilingMs, 'feed skipHours: not expected to publish now');
    else
      adaptive.push({
        source,
        // A small rate so that a source with nothing expected still gets its ceiling, not an infinite interval.
        weight: Math.pow(Math.max(source.expectedPerHour, 1e-6), exponent),
        minRate: HOUR_MS / ceilingMs,
        maxRate: HOUR_MS / Math.max(floor.ms, Math.min(usefulMs, ceilingMs)),
        floor,
        usefulMs,
      });
  }

  const available = Math.max(0, budget - spent);
  const ratesAt = (c: number) => adaptive.map((a) => Math.min(a.maxRate, Math.max(a.minRate, c * a.weight)));
  const total = (c: number) => ratesAt(c).reduce((sum, r) => sum + r, 0);
  // Bisection on the constant: total() is non-decreasing in c.
  let lo = 0;
  let hi = 1;
  while (total(hi) < available && hi < 1e12 && total(hi) < adaptive.reduce((s, a) => s + a.maxRate, 0))
    hi *= 2;
  for (let i = 0; i < 60; i += 1) {
    const mid = (lo + hi) / 2;
    if (total(mid) > available) hi = mid;
    else lo = mid;
  }
  const rates = ratesAt(lo);
  adaptive.forEach((a, index) => {
    const rate = rates[index]!;
    // Round up to the step: never more often than planned, so the budget holds after rounding.
    const raw = HOUR_MS / rate;
    const intervalMs = Math.max(a.floor.ms, Math.ceil(raw / step - 1e-9) * step);
    const expected = a.source.expectedPerHour ?? 0;
    let why = `${expected.toFixed(expected >= 1 ? 1 : 2)} items/h expected now`;
    if (rate >= a.maxRate * 0.999)
      why +=
        a.usefulMs > a.floor.ms
          ? `; as often as is useful (${describeSeconds(a.usefulMs)})`
          : `; held at ${a.floor.why} (${describeSeconds(a.floor.ms)})`;
    else if (rate <= a.minRate * 1.001) why += `; at the longest interval (${maxFactor}× configured)`;
    entries.set(a.source.id, { id: a.source.id, intervalMs, why });
  });

  const ordered = sources.map((s) => entries.get(s.id)!);
  const requestsPerHour = ordered.reduce((sum, e) => sum + HOUR_MS / e.intervalMs, 0);
  return { entries: ordered, requestsPerHour, budgetPerHour: budget };
}
