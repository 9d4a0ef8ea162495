/**
 * One source: its configured layers, its health, and its last 50 crawls (status, the layer that served, what each
 * layer did with its HTTP status and time, items found and new, duration), at `/sources/<id>`.
 */
import type { Hono } from 'hono';
import {
  getSourceHealth,
  listCrawlHistory,
  type CrawlHistoryRow,
  type StoredCrawlAttempt,
} from '../../../store/sources-repo.js';
import { checkSource, type SourceCheckReport } from '../../cli/commands/sources.js';
import { crawlStatusBadge } from '../crawl-status-badge.js';
import { mountAddSourcePage } from './add-source-page.js';
import type { DashboardDeps, DashboardOptions } from '../dashboard-types.js';
import { absoluteTime, timeAgo } from '../format.js';
import { html, safeHref, type Html } from '../html.js';
import { layout, type NavLink } from '../layout.js';
import { isolate } from '../text-dir.js';

/** Crawls shown on the page. */
export const CRAWL_HISTORY_LIMIT = 50;

export function mountSourcePage(
  app: Hono,
  deps: DashboardDeps,
  nav: NavLink[],
  addSource?: DashboardOptions['addSource'],
): void {
  mountAddSourcePage(app, deps, nav, addSource); // before /sources/:id
  app.get('/sources/:id', async (c) => {
    const id = c.req.param('id');
    const body = await renderSourcePage(id, deps);
    const page = (title: string, content: Html) =>
      layout({ title, active: '/sources', nav, body: content }).value;
    if (!body) {
      return c.html(
        page(
          'Unknown source',
          html`<p class="error">No source <code>${id}</code> is known.</p>
            <p><a href="/sources">All sources</a></p>`,
        ),
        404,
      );
    }
    return c.html(page(`Source ${id}`, body));
  });
  // Check now: every configured layer through the pipeline's client, as `raqib sources check` (not a crawl: nothing
  // is queued or recorded).
  app.post('/sources/:id/check', async (c) => {
    const id = c.req.param('id');
    const source = deps.sources.get(id);
    const body = await renderSourcePage(id, deps);
    if (!source || !body) return c.html(page404(id, nav), 404);
    if (!deps.http)
      return c.html(layout({ title: `Source ${id}`, active: '/sources', nav, body }).value, 503);
    const report = await checkSource(source, { http: deps.http, sampleSize: 3 });
    deps.logger.info({ sourceId: id, picks: report.chainPicks }, 'source checked from the dashboard');
    const checked = html`${checkReport(report)}${body}`;
    return c.html(layout({ title: `Source ${id}`, active: '/sources', nav, body: checked }).value);
  });
}

function page404(id: string, nav: NavLink[]): string {
  return layout({
    title: 'Unknown source',
    active: '/sources',
    nav,
    body: html`<p class="error">No source <code>${id}</code> is configured.</p>
      <p><a href="/sources">All sources</a></p>`,
  }).value;
}

function checkReport(report: SourceCheckReport): Html {
  return html`<section class="panel" id="check" data-chain-picks="${report.chainPicks ?? 'none'}">
    <h2>Check now</h2>
    <p>
      ${
        report.chainPicks === null
          ? html`<strong class="error">No layer yields items: a crawl now would fail.</strong>`
          : html`A crawl now would use layer ${report.chainPicks}
            (<strong>${report.layers[report.chainPicks]?.layer}</strong>).`
      }
    </p>
    ${report.layers.map(
      (l) =>
        html`<div class="small" data-check-layer="${l.layer}" data-check-ok="${String(l.ok)}">
          <strong>${l.index}. ${l.layer}</strong>
          ${l.ok ? html`<span class="ok">ok, ${l.count} items</span>` : html`<span class="error">${l.error ?? 'failed'}</span>`}
          ${l.httpStatus !== undefined ? `· HTTP ${l.httpStatus}` : ''}
          ${l.sample.map(
            (s) =>
              html`<div>
                <span class="muted">${s.publishedAt ? absoluteTime(s.publishedAt) : 'no date'}</span>
                <a href="${safeHref(s.url)}" rel="noreferrer noopener">${isolate(s.title)}</a>
              </div>`,
          )}
        </div>`,
    )}
  </section>`;
}

export async function renderSourcePage(id: string, deps: DashboardDeps): Promise<Html | null> {
  const source = deps.sources.get(id);
  const health = await getSourceHealth(deps.db, id);
  if (!source && !health) return null;
  const now = deps.now();
  const crawls = await listCrawlHistory(deps.db, id, CRAWL_HISTORY_LIMIT);
  const counts = new Map<string, number>();
  for (const crawl of crawls) counts.set(crawl.status, (counts.get(crawl.status) ?? 0) + 1);
  const layers = source
    ? html`<ol data-layers>
        ${source.fetch.map(
          (layer) =>
            html`<li>
              <strong>${layer.type}</strong>
              <a class="small" href="${safeHref(layer.url)}" rel="noreferrer noopener">${layer.url}</a>
            </li>`,
        )}
      </ol>`
    : html`<p class="muted">Not configured (no selectors/${id}.yaml loaded).</p>`;
  const state = !health
    ? html`<span class="muted">never crawled</span>`
    : health.paused
      ? html`<strong class="error">paused</strong> ${isolate(health.pauseReason ?? '')}`
      : health.consecutiveFailures > 0
        ? html`<span class="error">failing ×${health.consecutiveFailures}</span>, next try
            ${timeAgo(health.nextAttemptAt, now)}`
        : html`<span class="ok">active</span>`;
  const summary = [...counts].map(([status, n]) => html`${crawlStatusBadge(status)} ${n} `);
  const rows = crawls.map((crawl) => crawlRow(crawl, now));

  return html`<h1>${isolate(source?.name ?? health?.name ?? id)} <span class="small muted">${id}</span></h1>
    <p>
      State: ${state}. Last success ${timeAgo(health?.lastSuccessAt, now)}; last error
      ${timeAgo(health?.lastErrorAt, now)}. <a href="/items?source=${encodeURIComponent(id)}">Its items</a> ·
      <a href="/sources">all sources</a>
    </p>
    <h2>Layers, in fallback order</h2>
    ${layers}
    ${
      source
        ? html`<form class="inline" method="post" action="/sources/${encodeURIComponent(id)}/check">
            <button type="submit" data-action="check">Check now</button>
            <span class="small muted"
              >fetches each layer once and shows what it extracts; nothing is queued</span
            >
          </form>`
        : ''
    }
    <h2>Last ${CRAWL_HISTORY_LIMIT} crawls</h2>
    <p class="muted">${crawls.length} shown: ${summary.length > 0 ? summary : 'none yet'}</p>
    <div class="table-scroll" style="overflow-x:auto">
      <table id="crawls">
        <thead>
          <tr>
            <th>Started</th>
            <th>Status</th>
            <th>Layer used</th>
            <th>Each layer (HTTP status, items kept, time)</th>
            <th>Found / new</th>
            <th>Duration</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>`;
}

function crawlRow(crawl: CrawlHistoryRow, now: Date): Html {
  return html`<tr data-crawl-status="${crawl.status}">
    <td>
      ${timeAgo(crawl.startedAt, now)}
      <div class="small muted">${crawl.startedAt}</div>
    </td>
    <td>${crawlStatusBadge(crawl.status)}</td>
    <td>${crawl.layer ?? html`<span class="muted">—</span>`}</td>
    <td>
      ${crawl.attempts.length > 0 ? crawl.attempts.map(attemptLine) : html`<span class="muted">—</span>`}
    </td>
    <td class="num">
      ${crawl.notModified ? html`<span class="muted">unchanged</span>` : `${crawl.candidates} / ${crawl.newItems}`}
    </td>
    <td class="num">${crawl.durationMs === null ? '—' : formatMs(crawl.durationMs)}</td>
    <td>
      ${crawl.error ? html`<span class="small error">${isolate(truncate(crawl.error, 300))}</span>` : ''}
    </td>
  </tr>`;
}

function attemptLine(a: StoredCrawlAttempt): Html {
  const outcome = a.notModified ? 'not modified' : a.stale ? 'stale' : a.ok ? 'ok' : 'failed';
  const cls = a.ok ? (a.stale ? 'muted' : 'ok') : 'error';
  return html`<div class="small" data-attempt="${a.layer}" data-attempt-ok="${String(a.ok)}">
    <strong>${a.layer}</strong> <span class="${cls}">${outcome}</span>
    ${a.httpStatus !== undefined ? html`<span data-http-status>HTTP ${a.httpStatus}</span>` : ''} · ${a.count}
    kept${a.dropped ? `, ${a.dropped} dropped` : ''}
    ${a.durationMs !== undefined ? `· ${formatMs(a.durationMs)}` : ''}
    ${!a.ok && a.error ? html`<div class="error">${isolate(truncate(a.error, 200))}</div>` : ''}
  </div>`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
