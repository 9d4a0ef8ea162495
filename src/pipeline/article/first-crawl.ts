/**
 * A source's first crawl (fresh install, or an outlet just added) finds its whole feed at once: alerting every
 * on-topic entry of the last 72 h would replay days of news into a breaking-news channel. Entries of a first crawl
 * alert only when published within the first-crawl alert age; the rest are stored (and listed in the digest) with
 * a `first crawl of the source: …` reason. Later crawls, including the first one after downtime, keep the full
 * alert window: nothing published while raqib was down is missed.
 */
import type { Source } from '../../config/source-schema.js';
import type { AgeLimit } from '../../config/duration.js';
import type { DropReasonKind } from '../../shared/types.js';
import { DEFAULT_FIRST_CRAWL_ALERT_AGE_MS, type PipelineDeps } from '../pipeline-deps.js';

/** The prefix of every first-crawl hold's detail (its kind is `first-crawl-hold`). */
export const FIRST_CRAWL_REASON = 'first crawl of the source';

/** The age limit in force for a source: its own `firstCrawlAlertAge`, else the setting, else 6 hours. */
export function firstCrawlAlertAge(
  source: Pick<Source, 'firstCrawlAlertAge'>,
  deps: Pick<PipelineDeps, 'settings'>,
) {
  return source.firstCrawlAlertAge ?? deps.settings.firstCrawlAlertAgeMs ?? DEFAULT_FIRST_CRAWL_ALERT_AGE_MS;
}

/**
 * Why an entry of a first crawl must not alert, or null when it may (not a first crawl, limit off, or recent).
 * An undated entry of a first crawl does not alert: nothing says it is recent, and undated entries are typical of
 * listing pages and sitemaps, whose first crawl is exactly the backlog this guard is for. Undated entries seen by a
 * later crawl are new to the source and alert as before.
 */
export function firstCrawlHoldReason(
  input: { firstCrawl: boolean; publishedAt: string | null; limit: AgeLimit },
  now: Date,
): string | null {
  if (!input.firstCrawl || input.limit === 'off') return null;
  const published = input.publishedAt === null ? NaN : Date.parse(input.publishedAt);
  if (!Number.isFinite(published)) return `${FIRST_CRAWL_REASON}: no publication date`;
  if (input.limit === 0)
    return `${FIRST_CRAWL_REASON}: published ${input.publishedAt}, alerts nothing (age limit 0)`;
  if (now.getTime() - published <= input.limit) return null;
  return `${FIRST_CRAWL_REASON}: published ${input.publishedAt}, older than ${formatAge(input.limit)}`;
}

/** `6h`, `90m`, `2d`, `45s`: the largest unit that divides the age exactly. */
export function formatAge(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** What {@link alertLeadOf} reads of a story's items. */
export interface LeadCandidate {
  id: string;
  sourceId: string;
  decision: string | null;
  duplicateOf: string | null;
  /** The typed drop reason as stored (decideAlert). */
  dropKind?: DropReasonKind | null | undefined;
}

/**
 * The item a story's alert is built from: its first alerted item that is not a duplicate. Failing that, a copy
 * from another outlet of an item a first crawl held back: the story was never posted, so that later report (a
 * syndicated copy is a duplicate, yet the first live sighting) posts it instead of being lost as a duplicate.
 * `items` in fetch order, as `listStoryItems` returns them.
 */
export function alertLeadOf<T extends LeadCandidate>(items: readonly T[]): T | undefined {
  const lead = items.find((i) => i.decision === 'alert' && !i.duplicateOf);
  if (lead) return lead;
  return items.find((i) => {
    if (i.decision !== 'alert' || !i.duplicateOf) return false;
    const original = items.find((o) => o.id === i.duplicateOf);
    return (
      original !== undefined && original.sourceId !== i.sourceId && original.dropKind === 'first-crawl-hold'
    );
  });
}
