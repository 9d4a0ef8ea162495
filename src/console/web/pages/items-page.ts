/**
 * Items: what raqib saw, a page at a time, with source, language, score, decision and the reasons, including why
 * an item was dropped (duplicate of an earlier item, below threshold, negative rules, too old, held back by the
 * source's first crawl). Filters (source, language, decision, story, date range), search and sort run in SQL
 * before the page is cut (console-lists.ts); pages are keyset cursors. Each row links to the item's own page
 * (/items/<id>) where everything stored about it is shown. An item whose article page failed says so with the
 * fetch error: it was stored from its feed entry.
 */
import type { Context } from 'hono';
import type { Reason } from '../../../shared/types.js';
import { countItems, ITEM_SORTS, type ItemSort } from '../../../store/console-lists.js';
import { itemTitles, pageConsoleItems, type ConsoleItem } from '../../../store/console-queries.js';
import type { DashboardDeps } from '../dashboard-types.js';
import { countOf, decisionBadge, formatScore, hrefWith, itemHref, storyHref, timeAgo } from '../format.js';
import { html, type Html } from '../html.js';
import { itemHeadline, sortControls } from '../list-parts.js';
import { pager, readListParams } from '../list-params.js';
import { isolate, localized } from '../text-dir.js';

export const DECISIONS = ['alert', 'digest', 'drop', 'duplicate'] as const;
const SORTS = Object.keys(ITEM_SORTS) as ItemSort[];
const SORT_LABELS: Record<ItemSort, string> = {
  seen: 'time seen',
  published: 'time published',
  score: 'score',
};
const LANGUAGE = /^[a-z]{2,3}$/;
const ID = /^[A-Za-z0-9_:.-]{1,200}$/;

export async function renderItemsPage(c: Context, deps: DashboardDeps): Promise<Html> {
  const now = deps.now();
  const list = readListParams(c, SORTS, 'seen');
  const language = c.req.query('lang');
  const story = c.req.query('story');
  const filter = {
    sourceId: c.req.query('source') || undefined,
    language: language && LANGUAGE.test(language) ? language : undefined,
    decision: DECISIONS.find((d) => d === c.req.query('decision')),
    storyId: story && ID.test(story) ? story : undefined,
    from: list.from,
    to: list.to,
    text: list.text,
  };
  const [page, total] = await Promise.all([
    pageConsoleItems(deps.db, filter, {
      sort: list.sort,
      direction: list.direction,
      after: list.after,
      before: list.before,
      limit: list.limit,
    }),
    countItems(deps.db, filter),
  ]);
  const items = page.rows;
  const duplicates = await itemTitles(deps.db, [
    ...new Set(items.map((i) => i.duplicateOf).filter((id): id is string => id !== null)),
  ]);
  const outlet = (sourceId: string) => deps.sources.get(sourceId)?.name ?? sourceId;
  const params = {
    source: filter.sourceId,
    lang: filter.language,
    decision: filter.decision,
    story: filter.storyId,
    from: list.fromDay,
    to: list.toDay,
    q: list.text,
    sort: list.sort === 'seen' ? undefined : list.sort,
    dir: list.direction === 'desc' ? undefined : list.direction,
    limit: list.limit === 50 ? undefined : list.limit,
  };

  const why = (item: ConsoleItem): Html => {
    const parts: Html[] = [];
    if (item.duplicateOf) {
      const original = duplicates.get(item.duplicateOf);
      parts.push(
        html`<div class="drop-reason" data-why="duplicate">
          duplicate of
          <a href="${itemHref(item.duplicateOf)}"
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
      html`<tr id="item-${item.id}" data-item="${item.id}" data-decision="${item.decision ?? ''}">
        <td data-label="Seen">
          ${timeAgo(item.fetchedAt, now)}
          <div class="small muted">pub. ${timeAgo(item.publishedAt, now)}</div>
        </td>
        <td data-label="Source">
          <a href="${hrefWith('/items', { source: item.sourceId })}">${isolate(outlet(item.sourceId))}</a>
          <span class="muted small">${item.language ?? ''}</span>
        </td>
        <td data-label="Headline" class="headline-cell">
          ${itemHeadline(item, item.storyId ? html` · <a href="${storyHref(item.storyId)}">story</a>` : '')}
        </td>
        <td data-label="Score" class="num">${formatScore(item.score)}</td>
        <td data-label="Decision">${decisionBadge(item.duplicateOf ? 'duplicate' : item.decision)}</td>
        <td data-label="Why" class="why">${why(item)}</td>
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
  const languages = [...new Set([...[...deps.sources.values()].map((s) => s.language), 'ar', 'en'])].sort();
  const storyNote = filter.storyId
    ? html`<p>Items of story <a href="${storyHref(filter.storyId)}">${filter.storyId}</a>.</p>`
    : '';
  const more = total.n > total.cap ? `more than ${countOf(total.cap, 'item')}` : countOf(total.n, 'item');
  return html`<form class="filters" method="get" action="/items">
      <label
        >Source
        <select name="source">
          <option value="">all</option>
          ${sourceOptions}
        </select></label
      >
      <label
        >Language
        <select name="lang">
          <option value="">all</option>
          ${languages.map(
            (l) => html`<option value="${l}" ${l === filter.language ? 'selected' : ''}>${l}</option>`,
          )}
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
      <label>Seen from <input type="date" name="from" value="${list.fromDay ?? ''}" /></label>
      <label>to <input type="date" name="to" value="${list.toDay ?? ''}" /></label>
      <label
        >Text <input type="search" name="q" value="${list.text ?? ''}" dir="auto" placeholder="title or text"
      /></label>
      ${sortControls(SORTS, SORT_LABELS, list)}
      ${filter.storyId ? html`<input type="hidden" name="story" value="${filter.storyId}" />` : ''}
      <button type="submit">Filter</button>
      <a href="/items">reset</a>
    </form>
    ${storyNote}
    <p class="muted" id="items-count">
      ${more} match; showing ${countOf(items.length, 'item')} by ${SORT_LABELS[list.sort]}
      (${list.direction === 'desc' ? 'newest / highest first' : 'oldest / lowest first'}).
    </p>
    ${pager('/items', params, page, { prev: 'previous', next: 'next' })}
    <div class="table-wrap">
      <table id="items" class="cards">
        <thead>
          <tr>
            <th>Seen</th>
            <th>Source</th>
            <th>Headline</th>
            <th>Score</th>
            <th>Decision</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>
    ${pager('/items', params, page, { prev: 'previous', next: 'next' })}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function reasonText(r: Reason): Html {
  const weight = `${r.weight > 0 ? '+' : ''}${r.weight}`;
  return html`${isolate(r.label)} <span class="muted small">${weight}</span>`;
}
