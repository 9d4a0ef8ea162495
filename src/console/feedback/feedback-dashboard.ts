/**
 * What feedback and silent-source detection add to the dashboard: Discord's signed `POST /interactions` (public:
 * it authenticates itself), the operator's `POST /feedback/:itemId` (behind the token), "relevant / not relevant"
 * buttons under each story, the `/feedback` page (labelled items linked to their pages), and a silent-sources panel
 * above the sources table.
 */
import type { Runtime } from '../../app/runtime.js';
import { detectSilentSources } from '../../operate/silent-sources.js';
import { listItemFeedback } from '../../store/feedback-repo.js';
import { listStoryItems } from '../../store/items-repo.js';
import type { DashboardOptions } from '../web/dashboard-types.js';
import { html, type Html } from '../web/html.js';
import { renderFeedbackPage } from './feedback-page.js';
import { mountFeedbackRoutes, mountInteractions, type FeedbackRouteDeps } from './interactions-route.js';

/** The dashboard options for `runtime` (an entry of `dashboardExtensions`). */
export function feedbackDashboardExtension(runtime: Runtime): Omit<DashboardOptions, 'token'> {
  const deps: FeedbackRouteDeps = {
    db: runtime.db,
    logger: runtime.logger.child({ component: 'feedback' }),
    discordPublicKey: runtime.env.DISCORD_PUBLIC_KEY,
  };
  return {
    publicRoutes: [(app) => mountInteractions(app, deps)],
    extraRoutes: [(app) => mountFeedbackRoutes(app, deps)],
    pages: [{ path: '/feedback', title: 'Feedback', render: (c) => renderFeedbackPage(c, runtime.db) }],
    nav: [{ href: '/feedback', label: 'Feedback' }],
    panels: {
      sources: [
        async () =>
          renderSilentPanel(await detectSilentSources(runtime.db, runtime.sources, runtime.pipeline.now())),
      ],
    },
    storyExtras: async (story, c) => {
      const items = await listStoryItems(runtime.db, story.id);
      const lead = items.find((i) => i.decision === 'alert' && !i.duplicateOf) ?? items[0];
      const url = new URL(c.req.url);
      return lead
        ? renderFeedbackForm(
            lead.id,
            await listItemFeedback(runtime.db, lead.id),
            `${url.pathname}${url.search}`,
          )
        : html``;
    },
  };
}

/** The silent-sources panel: nothing when every source publishes as usual. */
export function renderSilentPanel(findings: Awaited<ReturnType<typeof detectSilentSources>>): Html {
  if (findings.length === 0) return html`<p class="muted small" id="silent-sources">No silent sources.</p>`;
  return html`<div id="silent-sources">
    <h2>Silent sources (${findings.length})</h2>
    <table>
      <thead>
        <tr>
          <th>source</th>
          <th>kind</th>
          <th>since</th>
          <th class="num">seen</th>
          <th class="num">usual</th>
          <th>why</th>
        </tr>
      </thead>
      <tbody>
        ${findings.map(
          (f) =>
            html`<tr data-source="${f.sourceId}">
              <td><a href="/items?source=${encodeURIComponent(f.sourceId)}">${f.sourceId}</a></td>
              <td><span class="badge badge-failed">${f.kind}</span></td>
              <td class="small">${f.since}</td>
              <td class="num">${f.observed}</td>
              <td class="num">${f.expected.toFixed(1)}</td>
              <td class="small">${f.reason}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** Two buttons posting the operator's label for `itemId`, with the labels given so far. */
export function renderFeedbackForm(
  itemId: string,
  labels: ReadonlyArray<{ label: string; source: string }>,
  back?: string,
): Html {
  const relevant = labels.filter((l) => l.label === 'relevant').length;
  const notRelevant = labels.length - relevant;
  const action = `/feedback/${encodeURIComponent(itemId)}`;
  const returnTo = back ? html`<input type="hidden" name="back" value="${back}" />` : '';
  return html`<div class="feedback small" data-item="${itemId}">
    <form class="inline" method="post" action="${action}">
      <input type="hidden" name="label" value="relevant" />${returnTo}
      <button type="submit" data-action="relevant">Relevant</button>
    </form>
    <form class="inline" method="post" action="${action}">
      <input type="hidden" name="label" value="not_relevant" />${returnTo}
      <button type="submit" data-action="not-relevant">Not relevant</button>
    </form>
    <span class="muted"
      >labels: ${relevant} relevant · ${notRelevant} not relevant · <a href="/feedback">all labels</a></span
    >
  </div>`;
}
