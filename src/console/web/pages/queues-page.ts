/**
 * Queues: BullMQ state read straight from Redis through the runtime's queues — job counts per state, failed
 * jobs with their reasons, and the job schedulers (crawl schedules). A small equivalent of bull-board.
 */
import type { Context } from 'hono';
import type { Queue } from 'bullmq';
import type { DashboardDeps } from '../dashboard-types.js';
import { itemHref, storyHref, timeAgo } from '../format.js';
import { html, type Html } from '../html.js';
import { isolate } from '../text-dir.js';
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
                                >${jobLinks(j.data)}
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

/** Links to the item and story pages a job's data names (itemId, storyId), when it names any. */
function jobLinks(data: unknown): Html {
  if (!data || typeof data !== 'object') return html``;
  const record = data as Record<string, unknown>;
  const id = /^[A-Za-z0-9_:.-]{1,200}$/;
  const item = typeof record.itemId === 'string' && id.test(record.itemId) ? record.itemId : null;
  const story = typeof record.storyId === 'string' && id.test(record.storyId) ? record.storyId : null;
  return html`${item ? html` <a href="${itemHref(item)}">item</a>` : ''}${
    story ? html` <a href="${storyHref(story)}">story</a>` : ''
  }`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
