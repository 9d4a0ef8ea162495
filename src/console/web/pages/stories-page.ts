/** Stories: each story with its items across outlets and languages, and the alert it produced on each channel. */
import type { Context } from 'hono';
import { deliveriesOfStories, itemsOfStories, type ConsoleDelivery } from '../../../store/console-queries.js';
import { listStories } from '../../../store/stories-repo.js';
import type { DashboardDeps, DashboardOptions } from '../dashboard-types.js';
import { decisionBadge, formatScore, hrefWith, timeAgo } from '../format.js';
import { html, safeHref, type Html } from '../html.js';
import { isolate, localized } from '../text-dir.js';

export async function renderStoriesPage(
  c: Context,
  deps: DashboardDeps,
  options: Pick<DashboardOptions, 'storyExtras'>,
): Promise<Html> {
  const now = deps.now();
  const days = Math.min(Math.max(Number(c.req.query('days')) || 7, 1), 90);
  const decision = ['alert', 'digest', 'drop'].find((d) => d === c.req.query('decision'));
  const limit = Math.min(Math.max(Number(c.req.query('limit')) || 100, 1), 500);
  const since = new Date(now.getTime() - days * 86_400_000);
  const stories = await listStories(deps.db, { since, limit, ...(decision ? { decision } : {}) });
  const ids = stories.map((s) => s.id);
  const items = await itemsOfStories(deps.db, ids);
  const deliveries = await deliveriesOfStories(deps.db, ids);
  const outlet = (sourceId: string) => deps.sources.get(sourceId)?.name ?? sourceId;

  const sections = [];
  for (const story of stories) {
    const storyItems = items.get(story.id) ?? [];
    const lead = storyItems.find((i) => i.decision === 'alert' && !i.duplicateOf) ?? storyItems[0];
    const outlets = new Set(storyItems.map((i) => i.sourceId));
    const languages = new Set(storyItems.map((i) => i.language ?? '?'));
    const extras = options.storyExtras ? await options.storyExtras(story, c) : '';
    sections.push(
      html`<section class="story" id="story-${story.id}" data-decision="${story.decision ?? ''}">
        <h2>
          ${localized(lead?.title || story.title || story.id, {
            lang: lead ? lead.language : story.lang,
            dir: lead?.dir,
            className: 'headline',
            role: 'headline',
          })}
        </h2>
        <div class="small muted">
          ${decisionBadge(story.decision)} best score ${formatScore(story.bestScore)} · ${storyItems.length}
          items from ${outlets.size} outlets in ${[...languages].join(', ')} · first seen
          ${timeAgo(story.firstSeenAt, now)} · last ${timeAgo(story.lastSeenAt, now)} · topic
          ${story.topicId ?? '—'}
        </div>
        <table class="story-items">
          <thead>
            <tr>
              <th>Outlet</th>
              <th>Lang</th>
              <th>Headline</th>
              <th>Published</th>
              <th>Score</th>
              <th>Decision</th>
            </tr>
          </thead>
          <tbody>
            ${storyItems.map(
              (item) =>
                html`<tr>
                  <td>${isolate(outlet(item.sourceId))}</td>
                  <td>${item.language ?? '—'}</td>
                  <td>
                    <a href="${safeHref(item.url)}" rel="noreferrer noopener"
                      >${localized(item.title || item.url, {
                        lang: item.language,
                        dir: item.dir,
                        className: 'headline',
                        role: 'headline',
                      })}</a
                    >
                  </td>
                  <td>${timeAgo(item.publishedAt, now)}</td>
                  <td class="num">${formatScore(item.score)}</td>
                  <td>
                    ${item.duplicateOf ? html`${decisionBadge('duplicate')} <a href="${hrefWith('/items', { id: item.duplicateOf })}">of</a>` : decisionBadge(item.decision)}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${alertBlock(deliveries.get(story.id) ?? [], now)} ${extras}
      </section>`,
    );
  }
  const filterLinks = ['', 'alert', 'digest', 'drop'].map(
    (d) =>
      html`<a
        href="${hrefWith('/stories', { decision: d, days })}"
        class="${(decision ?? '') === d ? 'active' : ''}"
        >${d || 'all'}</a
      > `,
  );
  return html`<p class="muted">
      ${stories.length} stories seen in the last ${days} days, most recent first. Show: ${filterLinks}
    </p>
    ${sections}`;
}

function alertBlock(deliveries: ConsoleDelivery[], now: Date): Html {
  if (deliveries.length === 0) return html`<p class="small muted alert-none">No alert.</p>`;
  return html`<table class="alert-deliveries small">
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
            <td class="error">${d.lastError ? isolate(d.lastError) : ''}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
