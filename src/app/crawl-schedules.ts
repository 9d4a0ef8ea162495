/**
 * The per-source crawl schedulers: one BullMQ job scheduler per enabled source, at the source's slot within its
 * interval (the configured one, or adaptive polling's). Upserted by key, so any number of replicas keep exactly
 * one schedule per source.
 */
import type { Queue } from 'bullmq';
import type { Source } from '../config/source-schema.js';
import { stableFraction } from '../shared/stable-hash.js';

const jobOpts = { removeOnComplete: 1000, removeOnFail: 5000, attempts: 1 };

const schedulerKey = (sourceId: string) => `crawl-${sourceId}`;

/** Crawl slots are this far apart: sources sharing a slot are crawled together (one worker wake-up for them). */
const SLOT_STEP_MS = 5_000;

/**
 * Where in its interval a source is crawled: one of the interval's 5-second slots, picked by a stable hash of its
 * id (never 0, which BullMQ reads as "no offset"). Without slots every scheduler upserted at start-up shares one
 * instant, so all sources are crawled in the same second each interval (a CPU burst of 16–28 % of a core for 1,000
 * sources, and queued article pages behind it). One slot per source (any millisecond) smoothed that too, but woke
 * the worker once per source: 1,000 sources cost 3.9 instead of about 2.5 CPU seconds a minute.
 */
export function crawlSlotOffsetMs(sourceId: string, intervalMs: number): number {
  const slots = Math.max(1, Math.floor(intervalMs / SLOT_STEP_MS));
  const step = intervalMs / slots;
  return Math.floor((Math.floor(stableFraction(sourceId) * slots) + 0.5) * step);
}

/**
 * The first scheduled crawl of a new scheduler: the source's slot, at least half an interval from now. The one-off
 * crawl runs at once; without this gap a source whose slot is a second away would be crawled twice in a row.
 */
function firstSlotAfter(now: number, intervalMs: number, offsetMs: number): number {
  let at = Math.floor(now / intervalMs) * intervalMs + offsetMs;
  while (at < now + intervalMs / 2) at += intervalMs;
  return at;
}

/**
 * Upsert one crawl scheduler per enabled source (every `interval`, at the source's slot within it) and remove
 * schedulers of sources that are gone or disabled. A source without a scheduler yet (new install, new outlet) is
 * also crawled at once by a one-off job, rather than waiting up to one interval for its slot. Safe to run from
 * every replica at once: the upsert is idempotent and the one-off job has a fixed id.
 */
export async function upsertCrawlSchedules(
  queue: Queue,
  sources: Iterable<Source>,
  intervals: ReadonlyMap<string, number> = new Map(),
): Promise<number> {
  const wanted = new Map<string, Source>();
  for (const source of sources) if (source.enabled) wanted.set(schedulerKey(source.id), source);
  const existing = await queue.getJobSchedulers(0, -1);
  const existingKeys = new Set(existing.map((s) => s.key));
  const now = Date.now();
  for (const [key, source] of wanted) {
    const every = intervals.get(source.id) ?? source.interval;
    const offset = crawlSlotOffsetMs(source.id, every);
    const isNew = !existingKeys.has(key);
    // startDate only shapes a new scheduler's first run; an existing one keeps its own next run.
    await queue.upsertJobScheduler(
      key,
      {
        every,
        offset,
        ...(isNew ? { startDate: firstSlotAfter(now, every, offset) } : {}),
      },
      { name: 'crawl', data: { sourceId: source.id }, opts: jobOpts },
    );
    if (isNew) await queue.add('crawl', { sourceId: source.id }, { ...jobOpts, jobId: `first-${key}` });
  }
  for (const scheduler of existing) {
    const key = scheduler.key;
    if (key.startsWith('crawl-') && !wanted.has(key)) await queue.removeJobScheduler(key);
  }
  return wanted.size;
}

/**
 * Re-upsert the crawl schedulers of `intervals`' sources at those intervals (adaptive polling). Existing
 * schedulers only: a source removed meanwhile is not brought back.
 */
export async function applyCrawlIntervals(
  queue: Queue,
  sources: ReadonlyMap<string, Source>,
  intervals: ReadonlyMap<string, number>,
): Promise<void> {
  for (const [id, every] of intervals) {
    const source = sources.get(id);
    if (!source?.enabled) continue;
    await queue.upsertJobScheduler(
      schedulerKey(id),
      { every, offset: crawlSlotOffsetMs(id, every) },
      { name: 'crawl', data: { sourceId: id }, opts: jobOpts },
    );
  }
}
