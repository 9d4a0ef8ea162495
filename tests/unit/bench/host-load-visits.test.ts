/**
 * The benchmark's pacing check: a page request right after its host's feed request ended (one visit) is counted
 * as a follow-up, not a violation; a second page, a page long after the feed, or a feed after a page are
 * violations when closer than the minimum delay.
 */
import { describe, expect, it } from 'vitest';
import { hostLoad } from '../../../bench/sim/bench-metrics.js';
import type { SimRequest } from '../../../bench/sim/sim-outlets.js';

const req = (outlet: number, kind: SimRequest['kind'], start: number, end = start + 50): SimRequest => ({
  outlet,
  kind,
  start,
  end,
  status: 200,
});
const load = (requests: SimRequest[]) =>
  hostLoad(requests, 3, { from: 0, to: 100_000 }, { minDelayMs: 3000, visitWindowMs: 10_000 });

describe('hostLoad pacing with visits', () => {
  it('counts one page right after a feed read as a visit follow-up', () => {
    const r = load([req(0, 'feed', 1000), req(0, 'article', 1100), req(0, 'feed', 20_000)]);
    expect(r.visitFollowUps).toBe(1);
    expect(r.pacingViolations).toBe(0);
  });

  it('flags a second page, a feed right after a page and a page before its feed ended', () => {
    const r = load([
      req(0, 'feed', 1000),
      req(0, 'article', 1100),
      req(0, 'article', 1200), // second page of the visit
      req(1, 'article', 1000),
      req(1, 'feed', 1500), // feed right after a page
      req(2, 'feed', 1000, 2000),
      req(2, 'article', 1500), // started before the feed ended
    ]);
    expect(r.visitFollowUps).toBe(1);
    expect(r.pacingViolations).toBe(3);
  });

  it('a page long after the feed is paced normally (no violation when ≥ the minimum delay apart)', () => {
    const r = load([req(0, 'feed', 1000), req(0, 'article', 30_000), req(0, 'article', 31_000)]);
    expect(r.visitFollowUps).toBe(0);
    expect(r.pacingViolations).toBe(1);
  });
});
