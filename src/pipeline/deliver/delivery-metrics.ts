/**
 * Observes the end-to-end latency of each posted alert: from the publication of the story's lead item (or,
 * when it states no date, the moment raqib first saw it) to the Discord post.
 */
import type { Db } from '../../store/db.js';
import type { PipelineMetrics } from '../../app/metrics/metrics.js';

export interface LeadTimes {
  publishedAt: string | null;
  fetchedAt: string;
}

/** Publication and first-seen time of a story's lead (alerted, not duplicate) item. */
export async function loadLeadTimes(db: Db, storyId: string): Promise<LeadTimes | null> {
  const { rows } = await db.query<{ published_at: Date | string | null; fetched_at: Date | string }>(
    `select published_at, fetched_at from items where story_id = $1 and decision = 'alert' and duplicate_of is null
     order by fetched_at, id limit 1`,
    [storyId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    publishedAt: row.published_at === null ? null : new Date(row.published_at).toISOString(),
    fetchedAt: new Date(row.fetched_at).toISOString(),
  };
}

/** The latency to record for a post at `postedAt`, or null when there is no usable time. */
export function alertLatency(
  lead: LeadTimes,
  postedAt: Date,
): { seconds: number; since: 'published' | 'first_seen' } | null {
  const published = lead.publishedAt ? Date.parse(lead.publishedAt) : NaN;
  // A publication time in the future (a wrong time zone on the page) says nothing: use the first sighting.
  if (Number.isFinite(published) && published <= postedAt.getTime())
    return { seconds: (postedAt.getTime() - published) / 1000, since: 'published' };
  const seen = Date.parse(lead.fetchedAt);
  if (!Number.isFinite(seen)) return null;
  return { seconds: Math.max(0, postedAt.getTime() - seen) / 1000, since: 'first_seen' };
}

/**
 * Wrap a delivery processor: when it returns `{ kind: 'posted' }`, look up the story's lead item and observe
 * the latency. Metric failures never fail the job.
 */
export function withDeliveryMetrics<J extends { data: unknown }, R, C = string>(
  processor: (job: J, context?: C) => Promise<R>,
  deps: {
    metrics: Pick<PipelineMetrics, 'alertPosted'>;
    leadTimes: (storyId: string) => Promise<LeadTimes | null>;
    now: () => Date;
  },
): (job: J, context?: C) => Promise<R> {
  return async (job, context) => {
    const outcome = await processor(job, context);
    const kind = (outcome as { kind?: unknown } | null)?.kind;
    const storyId = (job.data as { storyId?: unknown } | null)?.storyId;
    if (kind === 'posted' && typeof storyId === 'string') {
      try {
        const lead = await deps.leadTimes(storyId);
        const latency = lead ? alertLatency(lead, deps.now()) : null;
        if (latency) deps.metrics.alertPosted(latency.seconds, latency.since);
      } catch {
        // The alert is posted; a failed lookup only costs one observation.
      }
    }
    return outcome;
  };
}
