/**
 * Polling policy benchmark in virtual time: `npm run bench:polling -- [--sources 500] [--interval 60s]
 * [--days 2] [--warmup-days 14] [--seed 7] [--json]`.
 *
 * Simulated outlets publish the way outlets do: mean rates log-uniform over two orders of magnitude
 * (0.1–10 items an hour), a day/night cycle in each outlet's own zone (night at a fifth of the day rate), and
 * bursts (about one a day per outlet, 30 minutes at six times the rate). The same publication schedule is polled
 * twice: fixed polling at the configured interval, and raqib's adaptive policy (src/operate/poll-interval-policy.ts,
 * re-planned every 10 minutes from rate models learned on what it has seen, as the adapt-polling job does). Prints
 * requests made, publication → first sight p50/p95 overall and for the busiest tenth of outlets.
 *
 * What this measures is the polling policy alone: the time an item waits until a crawl sees it. The full
 * pipeline's latency adds fetch, extraction and delivery (`npm run bench:pipeline`, which polls at fixed
 * intervals). Virtual time, so a run of days takes seconds.
 */
import { parseArgs } from 'node:util';
import { parseDurationMs } from '../../src/config/duration.js';
import { seededRng } from '../sim/article-text.js';
import { planPollIntervals, type PollSourceInput } from '../../src/operate/poll-interval-policy.js';
import { adaptiveExpectedPerHour } from '../../src/operate/poll-rate-estimate.js';
import { learnRateModel, type SourceRateModel } from '../../src/operate/source-rate-model.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const { values } = parseArgs({
  options: {
    sources: { type: 'string', default: '500' },
    interval: { type: 'string', default: '60s' },
    days: { type: 'string', default: '2' },
    'warmup-days': { type: 'string', default: '14' },
    replan: { type: 'string', default: '10m' },
    websub: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
  },
});

const sourceCount = Number(values.sources);
const baseMs = parseDurationMs(values.interval);
const evalDays = Number(values.days);
const warmupDays = Number(values['warmup-days']);
const replanMs = parseDurationMs(values.replan);
const websubShare = Number(values.websub);
const rng = seededRng(Number(values.seed));
const zones = ['Asia/Baghdad', 'Europe/Paris', 'America/New_York', 'UTC', 'Asia/Dubai'];
const zoneOffsetH: Record<string, number> = {
  'Asia/Baghdad': 3,
  'Europe/Paris': 1,
  'America/New_York': -5,
  UTC: 0,
  'Asia/Dubai': 4,
};

interface SimSource {
  id: string;
  zone: string;
  meanPerHour: number;
  pubs: number[];
  /** Advertises a WebSub hub: raqib (not fixed polling) is told of each item 1–3 s after publication. */
  push: boolean;
}

const start = Date.UTC(2026, 10, 1);
const evalStart = start + warmupDays * DAY;
const end = evalStart + evalDays * DAY;

/** Day/night shape in local time: 1.0 from 08 to 22, 0.2 at night, normalised so that its mean is 1. */
function dayShape(ms: number, zone: string): number {
  const hour = (((ms / HOUR + (zoneOffsetH[zone] ?? 0)) % 24) + 24) % 24;
  const raw = hour >= 8 && hour < 22 ? 1 : 0.2;
  return raw / ((14 * 1 + 10 * 0.2) / 24);
}

function simulateSource(index: number): SimSource {
  const zone = zones[index % zones.length]!;
  const meanPerHour = 0.1 * Math.pow(100, rng());
  // Bursts: Poisson, about one a day, 30 min at 6× the rate.
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
}

const sources = Array.from({ length: sourceCount }, (_, i) => simulateSource(i));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

interface RunResult {
  requests: number;
  delays: number[];
  busyDelays: number[];
  pushDelays: number[];
}

const busyCut = [...sources].sort((a, b) => b.meanPerHour - a.meanPerHour)[
  Math.max(0, Math.floor(sourceCount / 10) - 1)
]!.meanPerHour;

/** Delays of the eval window's items given each source's poll times (sorted). */
/** Deterministic 0–2 s jitter per item. */
const pushJitter = (pub: number) => (Math.abs(Math.sin(pub)) * 2000) | 0;

function score(pollsBySource: Map<string, number[]>, withPush: boolean): RunResult {
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
  return { requests, delays: sorted(delays), busyDelays: sorted(busyDelays), pushDelays: sorted(pushDelays) };
}

function runFixed(): RunResult {
  const polls = new Map<string, number[]>();
  for (const source of sources) {
    const offset = rng() * baseMs;
    const list: number[] = [];
    for (let t = evalStart + offset; t < end + baseMs; t += baseMs) list.push(t);
    polls.set(source.id, list);
  }
  return score(polls, false);
}

function runAdaptive(): RunResult {
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
      floors: [{ ms: 3000, why: 'host politeness' }],
      pushed: s.push,
    }));
    const plan = planPollIntervals(inputs);
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
}

const fixed = runFixed();
const adaptive = runAdaptive();
const summary = (r: RunResult) => ({
  requests: r.requests,
  items: r.delays.length,
  p50: percentile(r.delays, 0.5),
  p95: percentile(r.delays, 0.95),
  busyP50: percentile(r.busyDelays, 0.5),
  busyP95: percentile(r.busyDelays, 0.95),
  pushP95: percentile(r.pushDelays, 0.95),
});
const out = {
  sources: sourceCount,
  websubOutlets: sources.filter((s) => s.push).length,
  intervalMs: baseMs,
  days: evalDays,
  fixed: summary(fixed),
  adaptive: summary(adaptive),
};
if (values.json) {
  console.log(JSON.stringify(out, null, 2));
} else {
  const f = (n: number) => n.toFixed(1).padStart(8);
  console.log(
    `polling benchmark: ${sourceCount} outlets (${out.websubOutlets} with a WebSub hub), ${evalDays} days, configured interval ${
      baseMs / 1000
    } s (virtual time)`,
  );
  console.log('policy      requests   items  pub→sight p50   p95  busiest tenth p50   p95');
  for (const [name, s] of [
    ['fixed', out.fixed],
    ['adaptive', out.adaptive],
  ] as const)
    console.log(
      `${name.padEnd(10)}${String(s.requests).padStart(10)}${String(s.items).padStart(8)}${f(s.p50)}${f(s.p95)}${f(
        s.busyP50,
      )}${f(s.busyP95)}`,
    );
  console.log(
    `requests adaptive/fixed ${(out.adaptive.requests / out.fixed.requests).toFixed(3)}; p95 adaptive/fixed ${(
      out.adaptive.p95 / out.fixed.p95
    ).toFixed(3)}; WebSub outlets p95 (adaptive) ${out.adaptive.pushP95.toFixed(1)} s`,
  );
}
