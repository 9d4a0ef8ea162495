/**
 * The adaptive polling plan: never more requests than fixed polling at the configured intervals, busier sources
 * polled more often (by the square-root-like rule, so quiet ones are not starved), every politeness floor held,
 * and fixed, learning and skipping sources on their own rules.
 */
import { describe, expect, it } from 'vitest';
import { planPollIntervals, type PollSourceInput } from '../../../src/operate/poll-interval-policy.js';
import { seededRng } from '../../../bench/sim/article-text.js';

const HOUR = 3_600_000;
const src = (
  id: string,
  expectedPerHour: number | null,
  extra: Partial<PollSourceInput> = {},
): PollSourceInput => ({
  id,
  baseIntervalMs: 60_000,
  expectedPerHour,
  floors: [],
  ...extra,
});
const intervalOf = (plan: ReturnType<typeof planPollIntervals>, id: string) =>
  plan.entries.find((e) => e.id === id)!.intervalMs;

describe('planPollIntervals', () => {
  it('stays within the request budget for many random mixes of rates, intervals and floors', () => {
    const rng = seededRng(3);
    for (let round = 0; round < 200; round += 1) {
      const n = 1 + Math.floor(rng() * 60);
      const sources = Array.from({ length: n }, (_, i) =>
        src(`s${i}`, rng() < 0.1 ? null : rng() < 0.1 ? 0 : 0.05 * Math.pow(400, rng()), {
          baseIntervalMs: [30_000, 60_000, 300_000, 900_000][Math.floor(rng() * 4)]!,
          floors: rng() < 0.3 ? [{ ms: Math.floor(rng() * 120_000), why: 'host politeness' }] : [],
          fixed: rng() < 0.05,
          skipNow: rng() < 0.05,
        }),
      );
      const plan = planPollIntervals(sources);
      const budget = sources.reduce((sum, s) => sum + HOUR / s.baseIntervalMs, 0);
      expect(plan.budgetPerHour).toBeCloseTo(budget, 6);
      expect(plan.requestsPerHour).toBeLessThanOrEqual(budget * (1 + 1e-9));
      expect(plan.entries.map((e) => e.id)).toEqual(sources.map((s) => s.id));
      for (const [i, entry] of plan.entries.entries()) {
        const floor = Math.max(10_000, ...sources[i]!.floors.map((f) => f.ms));
        expect(entry.intervalMs).toBeGreaterThanOrEqual(floor);
        expect(entry.why.length).toBeGreaterThan(0);
      }
    }
  });

  it('polls busier sources more often, monotonically in the rate, and never starves a quiet one', () => {
    const rates = [0.05, 0.2, 1, 3, 10, 30];
    const plan = planPollIntervals(rates.map((r, i) => src(`s${i}`, r)));
    const intervals = rates.map((_, i) => intervalOf(plan, `s${i}`));
    for (let i = 1; i < intervals.length; i += 1)
      expect(intervals[i]!).toBeLessThanOrEqual(intervals[i - 1]!);
    expect(intervals[intervals.length - 1]!).toBeLessThan(60_000);
    // The quietest source is slowed but within the ceiling (10× its configured interval by default).
    expect(intervals[0]!).toBeGreaterThan(60_000);
    expect(intervals[0]!).toBeLessThanOrEqual(600_000);
    // Equal rates get equal intervals.
    const even = planPollIntervals([src('a', 2), src('b', 2), src('c', 2)]);
    expect(new Set(even.entries.map((e) => e.intervalMs)).size).toBe(1);
    expect(even.entries[0]!.intervalMs).toBe(60_000);
  });

  it('holds the largest floor and names it; floors free budget for the others', () => {
    const withFloor = planPollIntervals([
      src('busy', 200, {
        floors: [
          { ms: 45_000, why: 'robots.txt Crawl-delay' },
          { ms: 20_000, why: 'host politeness' },
        ],
      }),
      src('other', 20),
      src('quiet', 0.1),
    ]);
    expect(intervalOf(withFloor, 'busy')).toBe(45_000);
    expect(withFloor.entries[0]!.why).toContain('robots.txt Crawl-delay');
    expect(intervalOf(withFloor, 'other')).toBeLessThan(60_000);
  });

  it('keeps fixed and learning sources on their configured interval and skipping ones at the ceiling', () => {
    const plan = planPollIntervals([
      src('fixed', 50, { fixed: true }),
      src('new', null),
      src('night', 5, { skipNow: true }),
      src('busy', 5),
    ]);
    expect(intervalOf(plan, 'fixed')).toBe(60_000);
    expect(plan.entries[0]!.why).toBe('fixed by the operator');
    expect(intervalOf(plan, 'new')).toBe(60_000);
    expect(plan.entries[1]!.why).toMatch(/learning/);
    expect(intervalOf(plan, 'night')).toBe(600_000);
    // The skipping source's saved requests go to the one that publishes.
    expect(intervalOf(plan, 'busy')).toBeLessThan(60_000);
  });

  it('a floor above the ceiling wins: a slow Crawl-delay is never broken', () => {
    const plan = planPollIntervals([
      src('slow', 0, { floors: [{ ms: 600_000, why: 'robots.txt Crawl-delay' }] }),
    ]);
    expect(intervalOf(plan, 'slow')).toBe(600_000);
  });

  it('puts a pushed source on its slow safety interval and gives its budget to the polled ones', () => {
    const polled = planPollIntervals([src('a', 3), src('b', 3)]);
    const withPush = planPollIntervals([src('a', 3), src('b', 3, { pushed: true })]);
    expect(intervalOf(withPush, 'b')).toBe(900_000);
    expect(withPush.entries[1]!.why).toMatch(/WebSub/);
    expect(intervalOf(withPush, 'a')).toBeLessThan(intervalOf(polled, 'a'));
    expect(withPush.requestsPerHour).toBeLessThanOrEqual(withPush.budgetPerHour + 1e-9);
  });

  it("spends no budget below a source's useful interval: the rest goes to the next sources", () => {
    const rates = [0.5, 2, 8, 40];
    const free = planPollIntervals(
      rates.map((r, i) => src(`s${i}`, r)),
      { exponent: 1 },
    );
    const capped = planPollIntervals(
      rates.map((r, i) => src(`s${i}`, r)),
      { exponent: 1, usefulIntervalMs: 30_000 },
    );
    expect(intervalOf(free, 's3')).toBeLessThan(30_000);
    expect(intervalOf(capped, 's3')).toBe(30_000);
    expect(capped.entries[3]!.why).toMatch(/as often as is useful/);
    // What the busiest source no longer takes shortens the others' intervals.
    expect(intervalOf(capped, 's1')).toBeLessThan(intervalOf(free, 's1'));
    expect(capped.requestsPerHour).toBeLessThanOrEqual(capped.budgetPerHour + 1e-9);
    // A busier source may go down to the fast interval instead.
    const fast = planPollIntervals(
      rates.map((r, i) => src(`s${i}`, r)),
      { exponent: 1, usefulIntervalMs: 30_000, fastIntervalMs: 12_000, fastPerHour: 20 },
    );
    expect(intervalOf(fast, 's3')).toBeLessThan(30_000);
    expect(intervalOf(fast, 's3')).toBeGreaterThanOrEqual(12_000);
    // Never below a politeness floor.
    const floored = planPollIntervals(
      [
        src('a', 40, { floors: [{ ms: 45_000, why: 'host politeness' }] }),
        ...[1, 2, 3, 4].map((k) => src(`q${k}`, 0.1)),
      ],
      { usefulIntervalMs: 30_000 },
    );
    expect(intervalOf(floored, 'a')).toBe(45_000);
  });
});
