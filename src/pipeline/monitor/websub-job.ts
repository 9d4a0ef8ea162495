/**
 * WebSub subscriptions (push where a feed offers it). Every 10 minutes, for each enabled source whose first layer
 * is a feed: when it has not been checked for a day (or its subscription is pending too long, failed, or its lease
 * ends within the renewal margin), fetch the feed once (unconditionally, so the crawl's own conditional-GET state
 * is untouched), look for a hub, and ask the hub to (re)subscribe with a per-subscription secret and the callback
 * `<PUBLIC_URL>/websub/<source id>`. The hub's verification and its pushes arrive on the dashboard's public route
 * (src/console/websub/websub-route.ts). Polling goes on at a slow safety interval while a subscription is active.
 * Only scheduled when PUBLIC_URL is set.
 */
import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Source } from '../../config/source-schema.js';
import { findHubLinks } from '../../fetch/formats/find-hub.js';
import { policyForSource, type HttpClient } from '../../fetch/http/http-types.js';
import type { FormPoster } from '../../fetch/http/post-form.js';
import type { Db } from '../../store/db.js';
import { listSubscriptions, saveCheck, type WebSubSubscription } from '../../store/websub-repo.js';
import type { JobProcessor } from '../job-context.js';

export const WEBSUB_CHECK_EVERY_MS = 10 * 60_000;
const SCHEDULER_KEY = 'websub';
const HOUR_MS = 3_600_000;

export interface WebSubDeps {
  db: Db;
  sources: ReadonlyMap<string, Source>;
  http: HttpClient;
  /** Makes the hub poster for one run (closed at its end). */
  createPoster: () => FormPoster;
  /** Public base URL the hub can reach (PUBLIC_URL). */
  publicUrl: string;
  now: () => Date;
  /** Lease asked for. @defaultValue 10 days */
  leaseSeconds?: number;
  /** Renew when the lease ends within this, or within a quarter of the granted lease if shorter. @defaultValue 1 day */
  renewBeforeMs?: number;
  /** Re-check a feed without a hub (or after a failure or denial) after this. @defaultValue 1 day */
  recheckMs?: number;
}

export interface WebSubCheckResult {
  checked: number;
  requested: number;
  withoutHub: number;
  failed: number;
}

export function callbackUrl(publicUrl: string, sourceId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/websub/${encodeURIComponent(sourceId)}`;
}

function isDue(sub: WebSubSubscription | undefined, now: number, deps: WebSubDeps): boolean {
  if (!sub) return true;
  const recheck = deps.recheckMs ?? 24 * HOUR_MS;
  switch (sub.state) {
    case 'active': {
      if (sub.leaseUntil === null) return false;
      // Renew when a quarter of the granted lease is left (at most the renewal margin before it ends).
      const granted = sub.leaseUntil.getTime() - (sub.verifiedAt ?? sub.checkedAt).getTime();
      const margin = Math.min(deps.renewBeforeMs ?? 24 * HOUR_MS, granted / 4);
      return sub.leaseUntil.getTime() - now < margin;
    }
    case 'pending':
      return now - (sub.requestedAt ?? sub.checkedAt).getTime() > HOUR_MS;
    default:
      return now - sub.checkedAt.getTime() > recheck;
  }
}

/** Check and (re)subscribe every source that is due. */
export async function runWebSubCheck(deps: WebSubDeps, logger: Logger): Promise<WebSubCheckResult> {
  const now = deps.now();
  const existing = new Map((await listSubscriptions(deps.db)).map((s) => [s.sourceId, s]));
  const result: WebSubCheckResult = { checked: 0, requested: 0, withoutHub: 0, failed: 0 };
  const poster = deps.createPoster();
  try {
    for (const source of deps.sources.values())
      await checkSource(source, existing.get(source.id), poster, deps, logger, now, result);
  } finally {
    await poster.close();
  }
  return result;
}

async function checkSource(
  source: Source,
  sub: WebSubSubscription | undefined,
  poster: FormPoster,
  deps: WebSubDeps,
  logger: Logger,
  now: Date,
  result: WebSubCheckResult,
): Promise<void> {
  {
    const layer = source.fetch[0];
    if (!source.enabled || layer?.type !== 'feed') return;
    if (!isDue(sub, now.getTime(), deps)) return;
    result.checked += 1;
    const secret = sub?.secret ?? randomBytes(32).toString('hex');
    const base = { sourceId: source.id, secret, checkedAt: now };
    try {
      const fetched = await deps.http.fetchText(layer.url, policyForSource(source), {
        accept: 'application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5',
      });
      const links = fetched.kind === 'ok' ? findHubLinks(fetched.text, fetched.finalUrl) : null;
      if (!links) {
        result.withoutHub += 1;
        await saveCheck(deps.db, {
          ...base,
          hub: null,
          topic: null,
          state: 'none',
          requestedAt: null,
          lastError: null,
        });
        return;
      }
      // Stored before the hub is asked: a hub may send its verification before it answers the request.
      const state = sub?.state === 'active' && sub.topic === links.topic ? 'active' : 'pending';
      await saveCheck(deps.db, { ...base, ...links, state, requestedAt: now, lastError: null });
      const answer = await poster.post(
        links.hub,
        {
          'hub.mode': 'subscribe',
          'hub.topic': links.topic,
          'hub.callback': callbackUrl(deps.publicUrl, source.id),
          'hub.secret': secret,
          'hub.lease_seconds': String(deps.leaseSeconds ?? 10 * 24 * 3600),
        },
        { allowPrivateAddresses: source.allowPrivateAddresses },
      );
      if (answer.status < 200 || answer.status >= 300) throw new Error(`hub answered HTTP ${answer.status}`);
      result.requested += 1;
      // A renewal keeps the current lease active until the hub verifies the new one.
      logger.info(
        { sourceId: source.id, hub: links.hub, renewal: state === 'active' },
        'websub subscription requested',
      );
    } catch (error) {
      result.failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      await saveCheck(deps.db, {
        ...base,
        hub: sub?.hub ?? null,
        topic: sub?.topic ?? null,
        state: sub?.state === 'active' ? 'active' : 'failed',
        requestedAt: null,
        lastError: message.slice(0, 500),
      });
      logger.warn({ sourceId: source.id, err: message }, 'websub check failed');
    }
  }
}

export async function upsertWebSubSchedule(queue: Queue, everyMs = WEBSUB_CHECK_EVERY_MS): Promise<void> {
  await queue.upsertJobScheduler(
    SCHEDULER_KEY,
    { every: everyMs },
    { name: 'websub', data: {}, opts: { removeOnComplete: 100, removeOnFail: 500, attempts: 1 } },
  );
}

export async function removeWebSubSchedule(queue: Queue): Promise<void> {
  await queue.removeJobScheduler(SCHEDULER_KEY);
}

export function createWebSubJob(deps: WebSubDeps): JobProcessor {
  return async (job, context) => {
    if (job.name !== 'websub') return null;
    const result = await runWebSubCheck(deps, context.logger);
    return { ...result };
  };
}
