/** Sources: health of each source, items per hour over the last days, pause and resume. */
import type { Context } from 'hono';
import {
  articleErrorsBySource,
  crawlStatsBySource,
  itemsPerHourBySource,
} from '../../../store/console-queries.js';
import { lastCrawlBySource, listSourceHealth, type LastCrawl } from '../../../store/sources-repo.js';
import type { DashboardDeps } from '../dashboard-types.js';
import { crawlStatusBadge } from '../crawl-status-badge.js';
import { timeAgo } from '../format.js';
import { hourlyChart, hourlySeries } from '../hourly-chart.js';
import { html, type Html } from '../html.js';
import { isolate } from '../text-dir.js';

const CHART_HOURS = 72;
const STATS_HOURS = 24;

export async function renderSourcesPage(c: Context, deps: DashboardDeps): Promise<Html> {
  const now = deps.now();
  const health = await listSourceHealth(deps.db);
  const perHour = await itemsPerHourBySource(deps.db, new Date(now.getTime() - CHART_HOURS * 3_600_000));
  const stats = await crawlStatsBySource(deps.db, new Date(now.getTime() - STATS_HOURS * 3_600_000));
  const articleErrors = await articleErrorsBySource(
    deps.db,
    new Date(now.getTime() - STATS_HOURS * 3_600_000),
  );
  const lastCrawls = await lastCrawlBySource(deps.db);
  const notice = c.req.query('done');
  const rows = health.map((h) => {
    const source = deps.sources.get(h.id);
    const stat = stats.get(h.id);
    const pageErrors = articleErrors.get(h.id);
    const last = lastCrawls.get(h.id);
    const robots =
      source && !source.robots.obey
        ? html`<div class="small" data-robots="override">
            robots.txt not obeyed: ${isolate(source.robots.overrideReason ?? '(no reason given)')}
          </div>`
        : '';
    const series = hourlySeries(perHour.get(h.id) ?? new Map(), now, CHART_HOURS);
    const state = stateOf(h, source, now);
    const path = `/sources/${encodeURIComponent(h.id)}`;
    // data-label names the column on a phone, where each row is a card (see layout.ts).
    return html`<tr data-source="${h.id}">
      <td class="wide headline-cell" data-label="Source">
        <a href="${path}" data-link="source-page" class="headline">${isolate(source?.name ?? h.name)}</a>
        <div class="small muted">
          ${h.id}${h.language ? ` · ${h.language}` : ''} ·
          <a href="/items?source=${encodeURIComponent(h.id)}">items</a>
        </div>
        ${robots}
      </td>
      <td class="wide" data-label="State">${state}</td>
      <td class="wide actions" data-label="Actions">${actionsOf(h, source, path)}</td>
      <td data-label="Last success">${timeAgo(h.lastSuccessAt, now)}</td>
      <td data-label="Last error" class="${h.lastError ? 'wide' : ''}">
        ${timeAgo(h.lastErrorAt, now)}${h.lastError ? html`<div class="small error" title="${h.lastError}">${isolate(truncate(h.lastError, 140))}</div>` : ''}
      </td>
      <td data-label="Layer used">
        ${h.lastLayer ?? html`<span class="muted">—</span>`}${last ? html`<div>${crawlStatusBadge(last.status)}</div>` : ''}
      </td>
      <td class="num" data-label="Items, last crawl" data-last-items>
        ${lastItems(h.lastItemCount, last, now)}
      </td>
      <td class="num" data-label="Per crawl, new / found (${STATS_HOURS} h)">
        ${stat ? `${stat.avgNewItems.toFixed(1)} / ${stat.avgCandidates.toFixed(1)}` : '—'}
      </td>
      <td class="num" data-label="Crawls (${STATS_HOURS} h)">
        ${stat ? `${stat.crawls}` : '0'}${stat && stat.errors > 0 ? html` <span class="error">(${stat.errors} failed)</span>` : ''}
      </td>
      <td
        class="num"
        data-label="Page errors (${STATS_HOURS} h)"
        data-article-errors="${pageErrors?.count ?? 0}"
      >
        ${
          pageErrors
            ? html`<a
                class="error"
                href="/items?source=${encodeURIComponent(h.id)}"
                title="${pageErrors.lastError ?? ''}"
                >${pageErrors.count}</a
              >`
            : '0'
        }
      </td>
      <td class="wide" data-label="Items per hour (${CHART_HOURS / 24} days)">${hourlyChart(series)}</td>
    </tr>`;
  });
  return html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
    <p class="muted">
      ${health.length} sources (<a href="/sources/add" data-action="add-source">add one from its address</a>).
      Items per crawl: new / found, averaged over the last ${STATS_HOURS} h. Chart: items first seen per hour
      over the last ${CHART_HOURS / 24} days (UTC hours, oldest left).
    </p>
    <table id="sources" class="cards source-cards">
      <thead>
        <tr>
          <th>Source</th>
          <th>State</th>
          <th>Actions</th>
          <th>Last success</th>
          <th>Last error</th>
          <th>Layer used</th>
          <th>Items, last crawl</th>
          <th>Per crawl (${STATS_HOURS} h)</th>
          <th>Crawls (${STATS_HOURS} h)</th>
          <th title="items stored from their feed entry because the article page failed">
            Page errors (${STATS_HOURS} h)
          </th>
          <th>Items per hour</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
}

type Health = Awaited<ReturnType<typeof listSourceHealth>>[number];
type Configured = ReturnType<DashboardDeps['sources']['get']>;

/** active, failing ×N (with the next try), paused (with its reason), disabled, or not configured. */
function stateOf(h: Health, source: Configured, now: Date): Html {
  return !source
    ? html`<span class="muted">not configured</span>`
    : h.paused
      ? html`<strong class="error">paused</strong>
          <div class="small">${isolate(h.pauseReason ?? '')}</div>`
      : !source.enabled || !h.enabled
        ? html`<span class="muted">disabled</span>`
        : h.consecutiveFailures > 0
          ? html`<span class="error">failing ×${h.consecutiveFailures}</span>${
                h.nextAttemptAt
                  ? html`<div class="small">next try ${timeAgo(h.nextAttemptAt, now)}</div>`
                  : ''
              }`
          : html`<span class="ok">active</span>`;
}

/** Pause (with a reason) or Resume, and Check now for a configured source. */
function actionsOf(h: Health, source: Configured, path: string): Html {
  const toggle = h.paused
    ? html`<form class="inline" method="post" action="${path}/resume">
        <button type="submit" data-action="resume">Resume</button>
      </form>`
    : html`<form class="inline pause" method="post" action="${path}/pause">
        <input name="reason" size="14" maxlength="200" placeholder="reason" aria-label="pause reason" />
        <button type="submit" data-action="pause">Pause</button>
      </form>`;
  // Check now runs every configured layer (nothing is queued or recorded): only for configured sources.
  const check = source
    ? html`<form class="inline" method="post" action="${path}/check">
        <button
          type="submit"
          data-action="check"
          title="fetch every configured layer now and show what it finds"
        >
          Check now
        </button>
      </form>`
    : '';
  return html`${toggle} ${check}`;
}

/** The last crawl's item count, or "unchanged since" when its serving layer answered 304. */
function lastItems(count: number | null, last: LastCrawl | undefined, now: Date): Html | string {
  if (last && last.notModified && last.status !== 'failed') {
    return html`<span class="muted" data-unchanged
      >unchanged since
      ${last.lastChangedAt ? timeAgo(last.lastChangedAt, now) : 'before its stored crawls'}</span
    >`;
  }
  if (last?.status === 'failed') return html`<span class="error">—</span>`;
  return count === null ? '—' : String(count);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
