/**
 * The polling simulation in virtual time (benchmark helper, not production code), shared by `bench:polling` and
 * `fit:polling`. Simulated outlets publish the way outlets do: mean rates log-uniform over two orders of magnitude
 * (0.1–10 items an hour), a day/night cycle in each outlet's own zone (night at a fifth of the day rate), and
 * bursts (about one a day per outlet, 30 minutes at six times the rate); a share of them advertise a WebSub hub.
 * The same schedule is polled twice: fixed polling at the configured interval, and raqib's adaptive policy
 * (src/operate/poll-interval-policy.ts, re-planned every 10 minutes from rate models learned on what it has seen,
 * as the adapt-polling job does). Delays are publication → first sight (a crawl or a push sees the item).
 */
import { seededRng } from '../sim/article-text.js';
import {
  planPollIntervals,
  type PollPlanOptions,
  type PollSourceInput,
} from '../../src/operate/poll-interval-policy.js';
import { adaptiveExpectedPerHour } from '../../src/operate/poll-rate-estimate.js';
import { learnRateModel, type SourceRateModel } from '../../src/operate/source-rate-model.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONES = ['Asia/Baghdad', 'Europe/Paris', 'America/New_York', 'UTC', 'Asia/Dubai'];
const ZONE_OFFSET_H: Record<string, number> = {
  'Asia/Baghdad': 3,
  'Europe/Paris': 1,
  'America/New_York': -5,
  UTC: 0,
  'Asia/Dubai': 4,
};

export interface SimulationOptions {
  sources: number;
  baseMs: number;
  evalDays: number;
  warmupDays: number;
  replanMs: number;
  websubShare: number;
  seed: number;
  /** Per-host politeness floor of every source (ms). @defaultValue 3000 */
  hostFloorMs?: number;
  policy?: PollPlanOptions;
}

interface SimSource {
  id: string;
  zone: string;
  meanPerHour: number;
  pubs: number[];
  /** Advertises a WebSub hub: raqib (not fixed polling) is told of each item 1–3 s after publication. */
  push: boolean;
}

export interface PolicySummary {
  requests: number;
  items: number;
  p50: number;
  p95: number;
  busyP50: number;
  busyP95: number;
  pushP95: number;
}

export interface SimulationResult {
  sources: number;
  websubOutlets: number;
  intervalMs: number;
  days: number;
  fixed: PolicySummary;
  adaptive: PolicySummary;
}

/** Day/night shape in local time: 1.0 from 08 to 22, 0.2 at night, normalised so that its mean is 1. */
function dayShape(ms: number, zone: string): number {
  const hour = (((ms / HOUR + (ZONE_OFFSET_H[zone] ?? 0)) % 24) + 24) % 24;
  const raw = hour >= 8 && hour < 22 ? 1 : 0.2;
  return raw / ((14 * 1 + 10 * 0.2) / 24);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Deterministic 0–2 s jitter per item. */
const pushJitter = (pub: number) => (Math.abs(Math.sin(pub)) * 2000) | 0;

export function simulatePolling(options: SimulationOptions): SimulationResult {
  const { sources: sourceCount, baseMs, replanMs, websubShare } = options;
  const rng = seededRng(options.seed);
  const start = Date.UTC(2026, 10, 1);
  const evalStart = start + options.warmupDays * DAY;
  const end = evalStart + options.evalDays * DAY;

  const simulateSource = (index: number): SimSource => {
    const zone = ZONES[index % ZONES.length]!;
    const meanPerHour = 0.1 * Math.pow(100, rng());
    const bursts: number[] = [];
    for (let t = start; t < end;) {
      t += -Math.log(1 - rng()) * DAY;
      bursts.push(t);
    }
    const burstFactor = (ms: number) => (bursts.some((b) => ms >= b && ms < b + 30 * 60_000) ? 6 : 1);
    const peak = meanPerHour * (24 / 16) * 6;
    const pubs: number[] = [];
    // Thinning of a Poisson process at the peak rate.
    for (let t = start; ;) {
      t += (-Math.log(1 - rng()) / peak) * HOUR;
      if (t >= end) break;
      if (rng() < (meanPerHour * dayShape(t, zone) * burstFactor(t)) / peak) pubs.push(t);
    }
    return { id: `s${index}`, zone, meanPerHour, pubs, push: rng() < websubShare };
  };
  const sources = Array.from({ length: sourceCount }, (_, i) => simulateSource(i));
  const busyCut = [...sources].sort((a, b) => b.meanPerHour - a.meanPerHour)[
    Math.max(0, Math.floor(sourceCount / 10) - 1)
  ]!.meanPerHour;

  interface RunResult {
    requests: number;
    delays: number[];
    busyDelays: number[];
    pushDelays: number[];
  }
  const score = (pollsBySource: Map<string, number[]>, withPush: boolean): RunResult => {
    const delays: number[] = [];
    const busyDelays: number[] = [];
    const pushDelays: number[] = [];
    let requests = 0;
    for (const source of sources) {
      const polls = pollsBySource.get(source.id) ?? [];
      requests += polls.filter((t) => t >= evalStart && t < end).length;
      let j = 0;
      for (const pub of source.pubs) {
        if (pub < evalStart) continue;
        while (j < polls.length && polls[j]! < pub) j += 1;
        const polled = polls[j];
        // A push arrives 1–3 s after publication (the hub's fan-out) and queues a crawl at once.
        const pushed = withPush && source.push ? pub + 1000 + pushJitter(pub) : undefined;
        const seen = pushed !== undefined && (polled === undefined || pushed < polled) ? pushed : polled;
        if (seen === undefined) continue; // published after the last poll of the run
        delays.push((seen - pub) / 1000);
        if (source.meanPerHour >= busyCut) busyDelays.push((seen - pub) / 1000);
        if (withPush && source.push) pushDelays.push((seen - pub) / 1000);
      }
    }
    const sorted = (list: number[]) => list.sort((a, b) => a - b);
    return {
      requests,
      delays: sorted(delays),
      busyDelays: sorted(busyDelays),
      pushDelays: sorted(pushDelays),
    };
  };

  const runFixed = (): RunResult => {
    const polls = new Map<string, number[]>();
    for (const source of sources) {
      const offset = rng() * baseMs;
      const list: number[] = [];
      for (let t = evalStart + offset; t < end + baseMs; t += baseMs) list.push(t);
      polls.set(source.id, list);
    }
    return score(polls, false);
  };

  const runAdaptive = (): RunResult => {
    const polls = new Map<string, number[]>(sources.map((s) => [s.id, []]));
    const next = new Map<string, number>(sources.map((s) => [s.id, evalStart + rng() * baseMs]));
    const interval = new Map<string, number>(sources.map((s) => [s.id, baseMs]));
    let models = new Map<string, SourceRateModel>();
    let lastLearn = -Infinity;
    for (let now = evalStart; now < end + baseMs; now += replanMs) {
      // What the crawler has seen by now: items published before their source's last poll (before the eval
      // window, every item counts as seen, as a running deployment's history would hold them).
      const seenBy = (s: SimSource) => {
        const done = polls.get(s.id)!;
        const lastPoll = done.length > 0 ? done[done.length - 1]! : evalStart;
        return s.pubs.filter((p) => p < Math.max(evalStart, lastPoll));
      };
      if (now - lastLearn >= 6 * HOUR) {
        models = new Map(sources.map((s) => [s.id, learnRateModel(seenBy(s), now - 28 * DAY, now, s.zone)]));
        lastLearn = now;
      }
      const inputs: PollSourceInput[] = sources.map((s) => ({
        id: s.id,
        baseIntervalMs: baseMs,
        expectedPerHour: adaptiveExpectedPerHour(models.get(s.id)!, seenBy(s), now),
        floors: [{ ms: options.hostFloorMs ?? 3000, why: 'host politeness' }],
        pushed: s.push,
      }));
      const plan = planPollIntervals(inputs, options.policy);
      for (const entry of plan.entries) {
        const previous = interval.get(entry.id)!;
        interval.set(entry.id, entry.intervalMs);
        // A changed scheduler runs next at its new slot: no later than the old next run, no sooner than now.
        if (entry.intervalMs !== previous)
          next.set(entry.id, Math.max(now, Math.min(next.get(entry.id)!, now + entry.intervalMs)));
      }
      const until = now + replanMs;
      for (const s of sources) {
        const list = polls.get(s.id)!;
        let t = next.get(s.id)!;
        while (t < until) {
          list.push(t);
          t += interval.get(s.id)!;
        }
        next.set(s.id, t);
      }
    }
    return score(polls, true);
  };

  const summary = (r: RunResult): PolicySummary => ({
    requests: r.requests,
    items: r.delays.length,
    p50: percentile(r.delays, 0.5),
    p95: percentile(r.delays, 0.95),
    busyP50: percentile(r.busyDelays, 0.5),
    busyP95: percentile(r.busyDelays, 0.95),
    pushP95: percentile(r.pushDelays, 0.95),
  });
  const fixed = summary(runFixed());
  const adaptive = summary(runAdaptive());
  return {
    sources: sourceCount,
    websubOutlets: sources.filter((s) => s.push).length,
    intervalMs: baseMs,
    days: options.evalDays,
    fixed,
    adaptive,
  };
}
