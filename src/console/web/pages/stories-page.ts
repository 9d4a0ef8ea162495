/**
 * Stories: each story with its items across outlets and languages, and the alert it produced on each channel,
 * a page at a time (filters, search and sort in SQL before the page is cut; keyset cursors). /stories/<id> shows
 * one story, so links to a story work however old it is.
 */
import type { Context } from 'hono';
import { countStories, pageStories, STORY_SORTS, type StorySort } from '../../../store/console-lists.js';
import {
  deliveriesOfStories,
  itemsOfStories,
  STORY_COLUMNS,
  toStoryRecord,
  type ConsoleDelivery,
  type ConsoleItem,
} from '../../../store/console-queries.js';
import type { StoryRecord } from '../../../store/stories-repo.js';
import type { DashboardDeps, DashboardOptions } from '../dashboard-types.js';
import { countOf, decisionBadge, formatScore, hrefWith, itemHref, storyHref, timeAgo } from '../format.js';
import { html, type Html } from '../html.js';
import { itemHeadline, sortControls } from '../list-parts.js';
import { pager, readListParams } from '../list-params.js';
import { isolate, localized } from '../text-dir.js';

const SORTS = Object.keys(STORY_SORTS) as StorySort[];
const SORT_LABELS: Record<StorySort, string> = {
  last: 'last seen',
  first: 'first seen',
  score: 'best score',
  items: 'number of items',
};
const STORY_DECISIONS = ['alert', 'digest', 'drop'] as const;
const LANGUAGE = /^[a-z]{2,3}$/;

/** One story with its items and the alert each channel got. */
async function storySection(
  story: StoryRecord,
  storyItems: ConsoleItem[],
  deliveries: ConsoleDelivery[],
  c: Context,
  deps: DashboardDeps,
  options: Pick<DashboardOptions, 'storyExtras'>,
): Promise<Html> {
  const now = deps.now();
  const outlet = (sourceId: string) => deps.sources.get(sourceId)?.name ?? sourceId;
  const lead = storyItems.find((i) => i.decision === 'alert' && !i.duplicateOf) ?? storyItems[0];
  const outlets = new Set(storyItems.map((i) => i.sourceId));
  const languages = new Set(storyItems.map((i) => i.language ?? '?'));
  const extras = options.storyExtras ? await options.storyExtras(story, c) : '';
  return html`<section
    class="story"
    id="story-${story.id}"
    data-story="${story.id}"
    data-decision="${story.decision ?? ''}"
  >
    <h2>
      <a href="${storyHref(story.id)}" class="story-link"
        >${localized(lead?.title || story.title || story.id, {
          lang: lead ? lead.language : story.lang,
          dir: lead?.dir,
          className: 'headline',
          role: 'headline',
        })}</a
      >
    </h2>
    <div class="small muted">
      ${decisionBadge(story.decision)} best score ${formatScore(story.bestScore)} ·
      ${countOf(storyItems.length, 'item')} from ${countOf(outlets.size, 'outlet')} in
      ${[...languages].join(', ')} · first seen ${timeAgo(story.firstSeenAt, now)} · last
      ${timeAgo(story.lastSeenAt, now)} · topic ${story.topicId ?? '—'}
    </div>
    <div class="table-wrap">
      <table class="story-items cards">
        <thead>
          <tr>
            <th>Outlet</th>
            <th>Headline</th>
            <th>Published</th>
            <th>Score</th>
            <th>Decision</th>
          </tr>
        </thead>
        <tbody>
          ${storyItems.map(
            (item) =>
              html`<tr data-item="${item.id}">
                <td data-label="Outlet">
                  ${isolate(outlet(item.sourceId))} <span class="muted small">${item.language ?? ''}</span>
                </td>
                <td data-label="Headline" class="headline-cell">${itemHeadline(item)}</td>
                <td data-label="Published">${timeAgo(item.publishedAt, now)}</td>
                <td data-label="Score" class="num">${formatScore(item.score)}</td>
                <td data-label="Decision">
                  ${
                    item.duplicateOf
                      ? html`${decisionBadge('duplicate')} <a href="${itemHref(item.duplicateOf)}">of</a>`
                      : decisionBadge(item.decision)
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${alertBlock(deliveries, now)} ${extras}
  </section>`;
}

/** /stories/<id>: one story, whatever its age (links from items and digests never fall off a list). */
export async function renderStoryPage(
  c: Context,
  deps: DashboardDeps,
  options: Pick<DashboardOptions, 'storyExtras'>,
  story: StoryRecord,
): Promise<Html> {
  const [items, deliveries] = await Promise.all([
    itemsOfStories(deps.db, [story.id]),
    deliveriesOfStories(deps.db, [story.id]),
  ]);
  return html`<p class="small"><a href="/stories">all stories</a></p>
    ${await storySection(story, items.get(story.id) ?? [], deliveries.get(story.id) ?? [], c, deps, options)}`;
}

export async function renderStoriesPage(
  c: Context,
  deps: DashboardDeps,
  options: Pick<DashboardOptions, 'storyExtras'>,
): Promise<Html> {
  const now = deps.now();
  const list = readListParams(c, SORTS, 'last');
  const daysParam = Number(c.req.query('days'));
  const days =
    Number.isFinite(daysParam) && daysParam >= 1 ? Math.min(Math.trunc(daysParam), 3650) : undefined;
  const language = c.req.query('lang');
  const filter = {
    decision: STORY_DECISIONS.find((d) => d === c.req.query('decision')),
    sourceId: c.req.query('source') || undefined,
    language: language && LANGUAGE.test(language) ? language : undefined,
    from: list.from ?? (days ? new Date(now.getTime() - days * 86_400_000) : undefined),
    to: list.to,
    text: list.text,
  };
  const request = {
    sort: list.sort,
    direction: list.direction,
    after: list.after,
    before: list.before,
    limit: Number(c.req.query('limit')) ? list.limit : 20,
  };
  const [page, total] = await Promise.all([
    pageStories(deps.db, STORY_COLUMNS, filter, request, toStoryRecord),
    countStories(deps.db, filter),
  ]);
  const stories = page.rows;
  const ids = stories.map((s) => s.id);
  const [items, deliveries] = await Promise.all([
    itemsOfStories(deps.db, ids),
    deliveriesOfStories(deps.db, ids),
  ]);
  const sections = [];
  for (const story of stories)
    sections.push(
      await storySection(story, items.get(story.id) ?? [], deliveries.get(story.id) ?? [], c, deps, options),
    );
  const params = {
    decision: filter.decision,
    source: filter.sourceId,
    lang: filter.language,
    days: list.fromDay ? undefined : days,
    from: list.fromDay,
    to: list.toDay,
    q: list.text,
    sort: list.sort === 'last' ? undefined : list.sort,
    dir: list.direction === 'desc' ? undefined : list.direction,
    limit: Number(c.req.query('limit')) ? list.limit : undefined,
  };
  const filterLinks = ['', ...STORY_DECISIONS].map(
    (d) =>
      html`<a
        href="${hrefWith('/stories', { ...params, decision: d, after: undefined, before: undefined })}"
        class="${(filter.decision ?? '') === d ? 'active' : ''}"
        >${d || 'all'}</a
      > `,
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
  const more = !total
    ? 'Stories matching a search are not counted'
    : total.n > total.cap
      ? `More than ${countOf(total.cap, 'story', 'stories')} match`
      : `${countOf(total.n, 'story', 'stories')} match`;
  return html`<form class="filters" method="get" action="/stories">
      <label
        >Decision
        <select name="decision">
          <option value="">all</option>
          ${STORY_DECISIONS.map(
            (d) => html`<option value="${d}" ${d === filter.decision ? 'selected' : ''}>${d}</option>`,
          )}
        </select></label
      >
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
      <label>Last seen from <input type="date" name="from" value="${list.fromDay ?? ''}" /></label>
      <label>to <input type="date" name="to" value="${list.toDay ?? ''}" /></label>
      <label
        >Text
        <input
          type="search"
          name="q"
          value="${list.text ?? ''}"
          dir="auto"
          placeholder="any item's title or text"
      /></label>
      ${sortControls(SORTS, SORT_LABELS, list)}
      <button type="submit">Filter</button>
      <a href="/stories">reset</a>
    </form>
    <p class="muted" id="stories-count">
      ${more}${days && !list.fromDay ? ` (last ${countOf(days, 'day')})` : ''}; showing
      ${countOf(stories.length, 'story', 'stories')} by ${SORT_LABELS[list.sort]}. Show: ${filterLinks}
    </p>
    ${pager('/stories', params, page, { prev: 'previous', next: 'next' })} ${sections}
    ${pager('/stories', params, page, { prev: 'previous', next: 'next' })}`;
}

function alertBlock(deliveries: ConsoleDelivery[], now: Date): Html {
  if (deliveries.length === 0) return html`<p class="small muted alert-none">No alert.</p>`;
  return html`<div class="table-wrap">
    <table class="alert-deliveries small">
      <thead>
        <tr>
          <th>Alert on channel</th>
          <th>State</th>
          <th>Discord message</th>
          <th>Posted</th>
          <th>Version</th>
          <th>Attempts</th>
          <th>Last error</th>
        </tr>
      </thead>
      <tbody>
        ${deliveries.map(
          (d) =>
            html`<tr>
              <td>${d.channelId}</td>
              <td>${decisionBadge(d.state)}</td>
              <td>${d.discordMessageId ?? '—'}</td>
              <td>${timeAgo(d.postedAt, now)}</td>
              <td class="num">${d.postedVersion} / ${d.contentVersion}</td>
              <td class="num">${d.attempts}</td>
              <td class="error wrap">${d.lastError ? isolate(d.lastError) : ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
