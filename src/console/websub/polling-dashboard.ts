/**
 * What adaptive polling and WebSub add to the dashboard: a "Polling" panel on the sources page (each source's
 * current interval, its configured one, why, and its push subscription) and, when PUBLIC_URL is set, the public
 * WebSub callback route.
 */
import type { Runtime } from '../../app/runtime.js';
import { createRedisPollPlanStore, type StoredPollInterval } from '../../store/redis/redis-poll-plan.js';
import { listSubscriptions, type WebSubSubscription } from '../../store/websub-repo.js';
import type { DashboardOptions } from '../web/dashboard-types.js';
import { html, type Html } from '../web/html.js';
import { mountWebSub } from './websub-route.js';

function seconds(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

function pushLabel(sub: WebSubSubscription | undefined): string {
  if (!sub) return '—';
  switch (sub.state) {
    case 'active':
      return `push (${sub.pushes} received${sub.leaseUntil ? `, lease to ${sub.leaseUntil.toISOString().slice(0, 16)}Z` : ''})`;
    case 'pending':
      return 'push requested, not verified yet';
    case 'none':
      return 'no hub advertised';
    case 'denied':
      return `hub denied${sub.lastError ? `: ${sub.lastError}` : ''}`;
    case 'failed':
      return `hub request failed${sub.lastError ? `: ${sub.lastError}` : ''}`;
  }
}

export function renderPollingPanel(
  sources: ReadonlyArray<{ id: string; interval: number; enabled: boolean }>,
  plan: ReadonlyMap<string, StoredPollInterval>,
  subs: ReadonlyMap<string, WebSubSubscription>,
  adaptive: boolean,
): Html {
  const rows = sources.filter((s) => s.enabled);
  return html`<details id="polling">
    <summary>Polling: ${adaptive ? 'adaptive' : 'fixed intervals (POLL_ADAPTIVE=false)'}</summary>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>source</th>
            <th class="num">interval now</th>
            <th class="num">configured</th>
            <th>why</th>
            <th>push</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map((s) => {
            const p = plan.get(s.id);
            return html`<tr data-source="${s.id}">
              <td>${s.id}</td>
              <td class="num">${seconds(p?.intervalMs ?? s.interval)}</td>
              <td class="num">${seconds(s.interval)}</td>
              <td class="small">${p?.why ?? (adaptive ? 'not planned yet' : 'configured interval')}</td>
              <td class="small">${pushLabel(subs.get(s.id))}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
  </details>`;
}

/** The dashboard options for `runtime` (an entry of `dashboardExtensions`). */
export function pollingDashboardExtension(runtime: Runtime): Omit<DashboardOptions, 'token'> {
  const plans = createRedisPollPlanStore(runtime.redis, runtime.env.QUEUE_PREFIX);
  return {
    publicRoutes: runtime.env.PUBLIC_URL
      ? [
          (app) =>
            mountWebSub(app, {
              db: runtime.db,
              crawlQueue: runtime.queues.crawl,
              logger: runtime.logger.child({ component: 'websub' }),
              now: runtime.pipeline.now,
            }),
        ]
      : [],
    panels: {
      sources: [
        async () =>
          renderPollingPanel(
            [...runtime.sources.values()],
            await plans.getAll(),
            new Map((await listSubscriptions(runtime.db)).map((s) => [s.sourceId, s])),
            runtime.env.POLL_ADAPTIVE,
          ),
      ],
    },
  };
}
