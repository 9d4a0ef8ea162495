/**
 * Queues: BullMQ state read straight from Redis through the runtime's queues — job counts per state, failed
 * jobs with their reasons and links to the item, story and source their data names, and the job schedulers
 * (crawl schedules). A small equivalent of bull-board.
 */
import type { Context } from 'hono';
import type { Queue } from 'bullmq';
import type { DashboardDeps } from '../dashboard-types.js';
import { itemHref, storyHref, timeAgo } from '../format.js';
import { html, type Html } from '../html.js';
import { isolate } from '../text-dir.js';
import { getItemByCanonicalUrl } from '../../../store/items-repo.js';
import { listReconcilerStats } from '../../../store/reconciler-repo.js';

export const QUEUE_STATES = [
  'waiting',
  'prioritized',
  'active',
  'delayed',
  'waiting-children',
  'failed',
  'completed',
] as const;

const FAILED_SHOWN = 20;

export async function renderQueuesPage(c: Context, deps: DashboardDeps): Promise<Html> {
  const now = deps.now();
  // Reads would wait for the reconnect (the queues' clients retry forever): say so instead (see the banner).
  if (deps.dependencies && !deps.dependencies.isUp('redis'))
    return html`<p class="error" data-role="queues-unavailable">
      Redis is unreachable, so the queues cannot be read now.
    </p>`;
  const queues = deps.queues.all();
  const summaries = await Promise.all(queues.map((queue) => summarize(queue)));
  const stored = await storedItems(
    deps,
    summaries.flatMap((s) => s.failed.map((j) => j.data)),
  );
  const only = c.req.query('queue');
  const reconciled = await listReconcilerStats(deps.db).catch(() => []);
  const table = html`<div class="table-wrap">
    <table id="queue-counts">
      <thead>
        <tr>
          <th>Queue</th>
          <th>Paused</th>
          ${QUEUE_STATES.map((s) => html`<th>${s}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${summaries.map(
          (s) =>
            html`<tr data-queue="${s.name}">
              <td><a href="/queues?queue=${s.name}#queue-${s.name}">${s.name}</a></td>
              <td>${s.paused ? html`<strong class="error">paused</strong>` : 'no'}</td>
              ${QUEUE_STATES.map((state) => html`<td class="num">${s.counts[state] ?? 0}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;

  const details = summaries
    .filter((s) => !only || s.name === only)
    .map(
      (s) =>
        html`<h2 id="queue-${s.name}">${s.name}</h2>
          ${
            s.schedulers.length > 0
              ? html`<div class="table-wrap">
                  <table class="schedulers small">
                    <thead>
                      <tr>
                        <th>Scheduler</th>
                        <th>Every / pattern</th>
                        <th>Next run</th>
                        <th>Runs</th>
                        <th>Data</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${s.schedulers.map(
                        (j) =>
                          html`<tr>
                            <td>${j.key}</td>
                            <td>
                              ${j.every ? formatEvery(j.every) : (j.pattern ?? '—')}${j.tz ? ` (${j.tz})` : ''}
                            </td>
                            <td>${j.next ? timeAgo(new Date(j.next).toISOString(), now) : '—'}</td>
                            <td class="num">${j.iterationCount ?? 0}</td>
                            <td><code>${truncate(JSON.stringify(j.template?.data ?? null), 120)}</code></td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                </div>`
              : html`<p class="small muted">No schedulers.</p>`
          }
          ${
            s.failed.length > 0
              ? html`<div class="table-wrap">
                    <table class="failed-jobs small">
                      <thead>
                        <tr>
                          <th>Failed job</th>
                          <th>Name</th>
                          <th>Attempts</th>
                          <th>Failed</th>
                          <th>Reason</th>
                          <th>Data</th>
                        </tr>
                      </thead>
                      <tbody>
                        ${s.failed.map(
                          (j) =>
                            html`<tr>
                              <td>${j.id ?? '—'}</td>
                              <td>${j.name}</td>
                              <td class="num">${j.attemptsMade}</td>
                              <td>
                                ${j.finishedOn ? timeAgo(new Date(j.finishedOn).toISOString(), now) : '—'}
                              </td>
                              <td class="error">${isolate(j.failedReason ?? '')}</td>
                              <td class="wrap">
                                <code>${truncate(JSON.stringify(j.data ?? null), 160)}</code
                                >${jobLinks(j.data, stored)}
                              </td>
                            </tr>`,
                        )}
                      </tbody>
                    </table>
                  </div>
                  ${s.counts.failed && s.counts.failed > s.failed.length ? html`<p class="small muted">Newest ${s.failed.length} of ${s.counts.failed} failed jobs shown.</p>` : ''}`
              : html`<p class="small muted">No failed jobs.</p>`
          }`,
    );
  return html`<p class="muted">
      Read from Redis ${timeAgo(now.toISOString(), now)}. Failed deliveries are re-queued with
      <code>raqib deliveries retry</code>.
    </p>
    <p id="reconciler" class="small">
      Reconciler (re-queues work Redis lost):
      ${
        reconciled.length === 0
          ? 'not run yet'
          : reconciled.map(
              (r) =>
                html`<span data-kind="${r.kind}"
                    >${r.kind}: ${r.recovered} recovered (${r.lastRecovered} in the last
                    run${r.lastRunAt ? html`, ${timeAgo(r.lastRunAt, now)}` : ''})</span
                  >; `,
            )
      }
    </p>
    ${table} ${details}`;
}

async function summarize(queue: Queue) {
  const [counts, paused, failed, schedulers] = await Promise.all([
    queue.getJobCounts(...QUEUE_STATES),
    queue.isPaused(),
    queue.getFailed(0, FAILED_SHOWN - 1),
    queue.getJobSchedulers(0, 199, true),
  ]);
  return { name: queue.name, counts, paused, failed, schedulers };
}

function formatEvery(ms: number): string {
  if (ms % 3_600_000 === 0) return `every ${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `every ${ms / 60_000} min`;
  return `every ${Math.round(ms / 1000)} s`;
}

const ID = /^[A-Za-z0-9_:.-]{1,200}$/;
const MAX_URL = 2_000;

const field = (data: unknown, name: string): string | null => {
  if (!data || typeof data !== 'object') return null;
  const value = (data as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
};

/** The stored item of each article job's canonical URL (a job's data is whatever Redis holds: checked). */
async function storedItems(deps: DashboardDeps, data: unknown[]): Promise<Map<string, string>> {
  const urls = [
    ...new Set(
      data.map((d) => field(d, 'canonicalUrl')).filter((u): u is string => !!u && u.length <= MAX_URL),
    ),
  ];
  const found = await Promise.all(urls.map((url) => getItemByCanonicalUrl(deps.db, url).catch(() => null)));
  const ids = new Map<string, string>();
  for (const [k, url] of urls.entries()) {
    const item = found[k];
    if (item) ids.set(url, item.id);
  }
  return ids;
}

/**
 * Links to the pages a job's data names: its item (an `itemId`, or the item stored under an article job's
 * canonical URL, else "not stored"), its story (`storyId`) and its source (`sourceId`).
 */
function jobLinks(data: unknown, stored: ReadonlyMap<string, string>): Html {
  const canonical = field(data, 'canonicalUrl');
  const named = field(data, 'itemId');
  const item = named && ID.test(named) ? named : canonical ? (stored.get(canonical) ?? null) : null;
  const story = field(data, 'storyId');
  const source = field(data, 'sourceId');
  const links = [
    item
      ? html`<a href="${itemHref(item)}" data-link="item">item</a>`
      : canonical
        ? html`<span class="muted" data-link="none">item not stored</span>`
        : '',
    story && ID.test(story) ? html`<a href="${storyHref(story)}" data-link="story">story</a>` : '',
    source && ID.test(source)
      ? html`<a href="/sources/${encodeURIComponent(source)}" data-link="source">source</a>`
      : '',
  ].filter((l) => l !== '');
  return links.length > 0
    ? html`<div class="small">${links.map((l, k) => html`${k ? ' · ' : ''}${l}`)}</div>`
    : html``;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
