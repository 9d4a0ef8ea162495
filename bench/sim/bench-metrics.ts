/** Pure measurements over what the simulated outlets and the fake Discord recorded (benchmark helper). */
import type { SimItem, SimRequest } from './sim-outlets.js';

export interface Spread {
  n: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** p50 / p95 / max (nearest-rank) of `values`, in the values' unit. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { n: 0, p50: null, p95: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? null;
  return { n: sorted.length, p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1] ?? null };
}

export interface HostLoad {
  /** Most requests one host received in any 60 s window. */
  maxPerHostPerMinute: number;
  /** Mean requests per host per minute over the window. */
  meanPerHostPerMinute: number;
  /** Smallest gap between two request starts on one host (ms; null with fewer than two requests per host). */
  minStartGapMs: number | null;
  /** Gaps shorter than the configured minimum delay (less a tolerance for loopback and event-loop jitter). */
  pacingViolations: number;
  /** Short gaps that are one visit: a page request right after (≤ 10 s) the same host's feed request ended, at
   *  most one per feed request (raqib's visit rule, src/fetch/http/host-slots.ts). Not violations. */
  visitFollowUps: number;
  /** Most requests one host had in flight at once. */
  maxInFlight: number;
  byKind: Record<SimRequest['kind'], number>;
  statuses: Record<string, number>;
}

/** Per-host load and pacing over the requests that started in [from, to]. */
export function hostLoad(
  requests: readonly SimRequest[],
  hosts: number,
  window: { from: number; to: number },
  pacing: { minDelayMs: number; toleranceMs?: number; visitWindowMs?: number },
): HostLoad {
  const tolerance = pacing.toleranceMs ?? 100;
  const byHost = new Map<number, SimRequest[]>();
  const byKind: HostLoad['byKind'] = { feed: 0, article: 0, robots: 0, other: 0 };
  const statuses: Record<string, number> = {};
  for (const r of requests) {
    if (r.start < window.from || r.start > window.to) continue;
    byKind[r.kind] += 1;
    statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
    let list = byHost.get(r.outlet);
    if (!list) byHost.set(r.outlet, (list = []));
    list.push(r);
  }
  let maxPerMinute = 0;
  let minGap: number | null = null;
  let violations = 0;
  let followUps = 0;
  let maxInFlight = 0;
  let total = 0;
  for (const list of byHost.values()) {
    list.sort((a, b) => a.start - b.start);
    total += list.length;
    let lo = 0;
    for (let hi = 0; hi < list.length; hi++) {
      const cur = list[hi] as SimRequest;
      while ((list[lo] as SimRequest).start <= cur.start - 60_000) lo++;
      maxPerMinute = Math.max(maxPerMinute, hi - lo + 1);
      if (hi > 0) {
        const prev = list[hi - 1] as SimRequest;
        const gap = cur.start - prev.start;
        minGap = minGap === null ? gap : Math.min(minGap, gap);
        // Each feed read leaves one follow-up: a page whose request started within the visit window after it.
        const visit =
          cur.kind === 'article' &&
          prev.kind === 'feed' &&
          cur.start >= prev.end - tolerance &&
          cur.start - prev.end <= (pacing.visitWindowMs ?? 10_000) + tolerance;
        if (gap < pacing.minDelayMs - tolerance) {
          if (visit) followUps++;
          else violations++;
        }
      }
      let inFlight = 1;
      for (let k = hi - 1; k >= 0 && k >= hi - 16; k--)
        if ((list[k] as SimRequest).end > cur.start) inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
    }
  }
  const minutes = Math.max((window.to - window.from) / 60_000, 1 / 60);
  return {
    maxPerHostPerMinute: maxPerMinute,
    meanPerHostPerMinute: total / Math.max(hosts, 1) / minutes,
    minStartGapMs: minGap,
    pacingViolations: violations,
    visitFollowUps: followUps,
    maxInFlight,
    byKind,
    statuses,
  };
}

/** What became of one published item. */
export type ItemFate =
  | 'posted'
  /** Joined a story already alerted (listed in another item's message, which was edited). */
  | 'joined'
  /** Stored with a decision below alert (the classifier's call, not a pipeline loss). */
  | 'below-alert'
  /** Stored as a duplicate or story member of an item that was itself not alerted. */
  | 'merged-unalerted'
  /** Pipeline losses: */
  | 'never-seen'
  | 'not-stored'
  | 'alert-not-posted';

export interface StoredRow {
  url: string;
  decision: string | null;
  duplicateOf: string | null;
  storyId: string | null;
  id: string;
}

export interface PostRecord {
  /** The item the message is about (its lead URL). */
  lead: SimItem;
  createdAt: number;
  /** Other sim items the message lists (after edits). */
  also: SimItem[];
}

export function itemFate(item: SimItem, row: StoredRow | undefined, posts: readonly PostRecord[]): ItemFate {
  if (posts.some((p) => p.lead === item)) return 'posted';
  if (posts.some((p) => p.also.includes(item))) return 'joined';
  if (item.firstServedAt === null) return 'never-seen';
  if (!row) return 'not-stored';
  if (row.duplicateOf || (row.storyId && row.storyId !== `st-${row.id}`)) return 'merged-unalerted';
  if (row.decision === 'alert') return 'alert-not-posted';
  return 'below-alert';
}

/** Where the time from first sight to the Discord post goes, per posted item (first article request for it). */
export interface SightBreakdown {
  /** First sight → the first request for the item's page (politeness wait, crawl and queue time). */
  toPageRequest: Spread;
  /** That request's start → its end (the outlet's answer). */
  pageRequest: Spread;
  /** The page's end → the Discord post (extraction, classification, story, store, delivery). */
  pageToPost: Spread;
}

export function sightBreakdown(
  posted: ReadonlyMap<SimItem, number>,
  requests: readonly SimRequest[],
): SightBreakdown {
  const firstRequest = new Map<string, SimRequest>();
  for (const r of requests) {
    if (r.kind !== 'article' || !r.item) continue;
    const seen = firstRequest.get(r.item);
    if (!seen || r.start < seen.start) firstRequest.set(r.item, r);
  }
  const toPage: number[] = [];
  const page: number[] = [];
  const toPost: number[] = [];
  for (const [item, postedAt] of posted) {
    const r = firstRequest.get(item.id);
    if (!r || item.firstServedAt === null) continue;
    toPage.push(r.start - item.firstServedAt);
    page.push(r.end - r.start);
    toPost.push(postedAt - r.end);
  }
  return { toPageRequest: spread(toPage), pageRequest: spread(page), pageToPost: spread(toPost) };
}
