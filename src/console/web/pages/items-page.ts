/**
 * Items: what raqib saw recently, with source, language, score, decision and the reasons, including why an item
 * was dropped (duplicate of an earlier item, below threshold, negative rules, too old, held back by the source's first crawl). Filter by source,
 * decision and text through query parameters. An item whose article page failed (too large, redirect loop, private
 * address, timeout on the last attempt…) says so with the fetch error: it was stored from its feed entry.
 */
import type { Context } from 'hono';
import type { Reason } from '../../../shared/types.js';
import { itemTitles, searchItems, type ConsoleItem } from '../../../store/console-queries.js';
import type { DashboardDeps } from '../dashboard-types.js';
import { decisionBadge, formatScore, hrefWith, timeAgo } from '../format.js';
import { html, safeHref, type Html } from '../html.js';
import { isolate, localized } from '../text-dir.js';

const DECISIONS = ['alert', 'digest', 'drop', 'duplicate'] as const;

export async function renderItemsPage(c: Context, deps: DashboardDeps): Promise<Html> {
  const now = deps.now();
  const filter = {
    id: c.req.query('id') || undefined,
    sourceId: c.req.query('source') || undefined,
    decision: DECISIONS.find((d) => d === c.req.query('decision')),
    text: c.req.query('q')?.trim().slice(0, 200) || undefined,
    limit: Number(c.req.query('limit')) || 200,
  };
  const items = await searchItems(deps.db, filter);
  const duplicates = await itemTitles(deps.db, [
    ...new Set(items.map((i) => i.duplicateOf).filter((id): id is string => id !== null)),
  ]);
  const outlet = (sourceId: string) => deps.sources.get(sourceId)?.name ?? sourceId;

  const why = (item: ConsoleItem): Html => {
    const parts: Html[] = [];
    if (item.duplicateOf) {
      const original = duplicates.get(item.duplicateOf);
      parts.push(
        html`<div class="drop-reason" data-why="duplicate">
          duplicate of
          <a href="${hrefWith('/items', { id: item.duplicateOf })}"
            >${
              original
                ? html`${localized(original.title, { lang: original.language, tag: 'bdi' })}
                  (${isolate(outlet(original.sourceId))})`
                : item.duplicateOf
            }</a
          >
        </div>`,
      );
    } else if (item.dropKind === 'below-threshold') {
      const topic = deps.topics?.find((t) => t.id === item.topicId);
      const limit = topic ? ` (score ${formatScore(item.score)} < digest ${topic.thresholds.digest})` : '';
      parts.push(html`<div class="drop-reason" data-why="below-threshold">below threshold${limit}</div>`);
    } else if (item.dropKind === 'too-old') {
      parts.push(html`<div class="drop-reason" data-why="too-old">${item.dropReason}</div>`);
    } else if (item.dropKind === 'first-crawl-hold') {
      parts.push(html`<div class="drop-reason" data-why="first-crawl">${item.dropReason}</div>`);
    } else if (item.dropReason) {
      parts.push(html`<div class="drop-reason">${isolate(item.dropReason)}</div>`);
    }
    if (item.fetchError)
      parts.push(
        html`<div class="drop-reason error" data-why="fetch-error" title="${item.fetchError}">
          ${
            /^extract: (?:empty|thin)-body/.test(item.fetchError)
              ? 'article body empty or thin (an empty one is stored from the feed entry)'
              : 'article page failed, stored from the feed entry'
          }:
          ${isolate(truncate(item.fetchError, 160))}
        </div>`,
      );
    const negative = item.reasons.filter((r) => r.weight < 0);
    if (negative.length > 0)
      parts.push(
        html`<div class="drop-reason" data-why="negative">
          negative rule: ${negative.map((r, i) => html`${i ? ', ' : ''}${reasonText(r)}`)}
        </div>`,
      );
    const positive = item.reasons
      .filter((r) => r.weight > 0)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 4);
    if (positive.length > 0)
      parts.push(
        html`<ul class="reasons">
          ${positive.map((r) => html`<li>${reasonText(r)}</li>`)}
        </ul>`,
      );
    return html`${parts}`;
  };

  const rows = items.map(
    (item) =>
      html`<tr id="item-${item.id}" data-decision="${item.decision ?? ''}">
        <td>
          ${timeAgo(item.fetchedAt, now)}
          <div class="small muted">pub. ${timeAgo(item.publishedAt, now)}</div>
        </td>
        <td>
          <a href="${hrefWith('/items', { source: item.sourceId })}">${isolate(outlet(item.sourceId))}</a>
        </td>
        <td>${item.language ?? '—'}</td>
        <td>
          <a href="${safeHref(item.url)}" rel="noreferrer noopener"
            >${localized(item.title || item.url, {
              lang: item.language,
              dir: item.dir,
              className: 'headline',
              role: 'headline',
            })}</a
          >${item.storyId ? html`<div class="small"><a href="/stories#story-${item.storyId}">story</a></div>` : ''}
        </td>
        <td class="num">${formatScore(item.score)}</td>
        <td>${decisionBadge(item.duplicateOf ? 'duplicate' : item.decision)}</td>
        <td>${why(item)}</td>
      </tr>`,
  );

  const sourceOptions = [...deps.sources.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(
      (s) =>
        html`<option value="${s.id}" ${s.id === filter.sourceId ? 'selected' : ''}>
          ${s.id} — ${s.name}
        </option>`,
    );
  return html`<form class="filters" method="get" action="/items">
      <label
        >Source
        <select name="source">
          <option value="">all</option>
          ${sourceOptions}
        </select></label
      >
      <label
        >Decision
        <select name="decision">
          <option value="">all</option>
          ${DECISIONS.map(
            (d) => html`<option value="${d}" ${d === filter.decision ? 'selected' : ''}>${d}</option>`,
          )}
        </select></label
      >
      <label
        >Text
        <input type="search" name="q" value="${filter.text ?? ''}" dir="auto" placeholder="title or text"
      /></label>
      <button type="submit">Filter</button>
      <a href="/items">reset</a>
    </form>
    <p class="muted">${items.length} items, newest first.</p>
    <table id="items">
      <thead>
        <tr>
          <th>Seen</th>
          <th>Source</th>
          <th>Lang</th>
          <th>Headline</th>
          <th>Score</th>
          <th>Decision</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function reasonText(r: Reason): Html {
  const weight = `${r.weight > 0 ? '+' : ''}${r.weight}`;
  return html`${isolate(r.label)} <span class="muted small">${weight}</span>`;
}
