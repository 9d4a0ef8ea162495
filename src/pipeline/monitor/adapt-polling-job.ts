/**
 * The adaptive polling job: every 10 minutes, learn each source's publication rate from its stored items, plan
 * the crawl intervals within the request budget of the configured intervals (src/operate/poll-interval-policy.ts)
 * and re-upsert the crawl schedulers whose interval changed by more than a tenth. Runs as a BullMQ job scheduler on
 * the monitor queue, so replicas keep one schedule and each run is taken by one worker; the plan is stored in
 * Redis, so the dashboard and every replica read the same intervals and a restart keeps them.
 */
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Source } from '../../config/source-schema.js';
import {
  planPollIntervals,
  type PollPlan,
  type PollSourceInput,
} from '../../operate/poll-interval-policy.js';
import { adaptiveExpectedPerHour } from '../../operate/poll-rate-estimate.js';
import { learnRateModel } from '../../operate/source-rate-model.js';
import type { Db } from '../../store/db.js';
import { loadFirstCrawls, loadItemTimes } from '../../store/item-times.js';
import { activeSubscriptionIds } from '../../store/websub-repo.js';
import type {
  PollHints,
  PollHintStore,
  PollPlanStore,
  StoredPollInterval,
} from '../../store/redis/redis-poll-plan.js';
import type { JobProcessor } from '../job-context.js';

export const ADAPT_POLLING_EVERY_MS = 10 * 60_000;
const SCHEDULER_KEY = 'adapt-polling';
const HOUR_MS = 3_600_000;
const LOOKBACK_MS = 28 * 24 * HOUR_MS;

export interface AdaptPollingDeps {
  db: Db;
  sources: ReadonlyMap<string, Source>;
  plans: PollPlanStore;
  hints?: PollHintStore | undefined;
  now: () => Date;
  /** Re-upsert the crawl schedulers of these sources at these intervals. */
  applyIntervals: (intervals: ReadonlyMap<string, number>) => Promise<void>;
}

export interface AdaptPollingResult {
  plan: PollPlan;
  /** Sources whose scheduler was re-upserted. */
  changed: number;
}

function hostOf(source: Source): string {
  const url = source.fetch[0]?.url;
  try {
    return url ? new URL(url).host : source.id;
  } catch {
    return source.id;
  }
}

/** The floors politeness puts on one source's interval. */
export function pollFloors(
  source: Source,
  sourcesOnHost: number,
  hints: PollHints | undefined,
): PollSourceInput['floors'] {
  const floors: { ms: number; why: string }[] = [
    // Each crawl makes at least one request to the host, so its sources share its minimum delay.
    { ms: source.politeness.minDelay * sourcesOnHost, why: 'host politeness' },
  ];
  if (source.polling?.minInterval) floors.push({ ms: source.polling.minInterval, why: 'operator minimum' });
  if (hints?.crawlDelayMs) floors.push({ ms: hints.crawlDelayMs, why: 'robots.txt Crawl-delay' });
  // A feed that says it stays fresh for longer than the configured interval is polled no more often than that;
  // a shorter lifetime is no reason to poll faster.
  if (hints?.freshForMs)
    floors.push({ ms: Math.min(hints.freshForMs, source.interval), why: 'feed Cache-Control' });
  if (hints?.ttlMs) floors.push({ ms: Math.min(hints.ttlMs, source.interval), why: 'feed ttl' });
  return floors;
}

/** Plan and apply once. */
export async function runAdaptPolling(deps: AdaptPollingDeps, logger: Logger): Promise<AdaptPollingResult> {
  const now = deps.now().getTime();
  const enabled = [...deps.sources.values()].filter((s) => s.enabled);
  const ids = enabled.map((s) => s.id);
  const [times, firstCrawls, hints, previous, pushed] = await Promise.all([
    loadItemTimes(deps.db, ids, now - LOOKBACK_MS, now),
    loadFirstCrawls(deps.db, ids),
    deps.hints ? deps.hints.getAll() : Promise.resolve(new Map<string, PollHints>()),
    deps.plans.getAll(),
    activeSubscriptionIds(deps.db, new Date(now)),
  ]);
  const perHost = new Map<string, number>();
  for (const s of enabled) perHost.set(hostOf(s), (perHost.get(hostOf(s)) ?? 0) + 1);
  const utcHour = new Date(now).getUTCHours();
  const inputs: PollSourceInput[] = enabled.map((source) => {
    const own = times.get(source.id) ?? [];
    // Learn only from when raqib has been crawling the source: before that there is no exposure.
    const from = Math.max(now - LOOKBACK_MS, firstCrawls.get(source.id) ?? now);
    const model = learnRateModel(own, from, now, source.timezone);
    const sourceHints = hints.get(source.id);
    return {
      id: source.id,
      baseIntervalMs: source.interval,
      expectedPerHour: adaptiveExpectedPerHour(model, own, now),
      floors: pollFloors(source, perHost.get(hostOf(source)) ?? 1, sourceHints),
      fixed: source.polling?.adaptive === false,
      skipNow: sourceHints?.skipHours?.includes(utcHour) ?? false,
      pushed: pushed.has(source.id),
    };
  });
  const plan = planPollIntervals(inputs);
  const at = new Date(now).toISOString();
  const stored = new Map<string, StoredPollInterval>();
  const changes = new Map<string, number>();
  for (const entry of plan.entries) {
    const before =
      previous.get(entry.id)?.intervalMs ?? deps.sources.get(entry.id)?.interval ?? entry.intervalMs;
    // Hysteresis: a change under a tenth is not worth re-upserting the scheduler (and moving its slot).
    const intervalMs = Math.abs(entry.intervalMs - before) / before > 0.1 ? entry.intervalMs : before;
    if (intervalMs !== before) changes.set(entry.id, intervalMs);
    stored.set(entry.id, { intervalMs, why: entry.why, at });
  }
  if (changes.size > 0) await deps.applyIntervals(changes);
  await deps.plans.setAll(stored);
  logger.info(
    {
      sources: plan.entries.length,
      changed: changes.size,
      requestsPerHour: Math.round(plan.requestsPerHour),
      budgetPerHour: Math.round(plan.budgetPerHour),
    },
    'polling intervals planned',
  );
  return { plan, changed: changes.size };
}

/** Upsert the job's scheduler (idempotent across replicas). */
export async function upsertAdaptPollingSchedule(
  queue: Queue,
  everyMs = ADAPT_POLLING_EVERY_MS,
): Promise<void> {
  await queue.upsertJobScheduler(
    SCHEDULER_KEY,
    { every: everyMs },
    { name: 'adapt-polling', data: {}, opts: { removeOnComplete: 100, removeOnFail: 500, attempts: 1 } },
  );
}

/** Remove it (POLL_ADAPTIVE=false). */
export async function removeAdaptPollingSchedule(queue: Queue): Promise<void> {
  await queue.removeJobScheduler(SCHEDULER_KEY);
}

export function createAdaptPollingJob(deps: AdaptPollingDeps): JobProcessor {
  return async (job, context) => {
    if (job.name !== 'adapt-polling') return null;
    const result = await runAdaptPolling(deps, context.logger);
    return { sources: result.plan.entries.length, changed: result.changed };
  };
}
