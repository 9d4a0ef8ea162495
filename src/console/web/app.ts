/**
 * The operator dashboard as a Hono app: server-rendered pages (sources, items, stories, queues, digest),
 * pause/resume, and /metrics. `createDashboardApp` takes extra routes and panels so other areas (feedback,
 * silent sources) mount their own endpoints and panels.
 */
import { Hono, type Context } from 'hono';
import { pauseSourceByOperator, resumeSourceByOperator } from '../../operate/source-control.js';
import { accessGuard } from './access-guard.js';
import type { DashboardDeps, DashboardOptions, PageName } from './dashboard-types.js';
import { hrefWith } from './format.js';
import { html, type Html } from './html.js';
import { mountItemRedirect } from './item-redirect.js';
import { CORE_NAV, layout } from './layout.js';
import { renderDigestPage } from './pages/digest-page.js';
import { renderItemsPage } from './pages/items-page.js';
import { renderQueuesPage } from './pages/queues-page.js';
import { renderSourcesPage } from './pages/sources-page.js';
import { renderStoriesPage } from './pages/stories-page.js';
import {
  dashboardBodyLimit,
  dashboardSecurityHeaders,
  formContentTypes,
  hostGuard,
} from './request-guards.js';
import { sameOriginForms } from './same-origin-forms.js';

export type { DashboardDeps, DashboardOptions } from './dashboard-types.js';

const TITLES: Record<PageName, string> = {
  sources: 'Sources',
  items: 'Items',
  stories: 'Stories',
  queues: 'Queues',
  digest: 'Digest',
};

export function createDashboardApp(deps: DashboardDeps, options: DashboardOptions = {}): Hono {
  const app = new Hono();
  const nav = [...CORE_NAV, ...(options.nav ?? [])];

  app.onError((error, c) => {
    deps.logger.error({ err: error, path: c.req.path }, 'dashboard request failed');
    return c.html(
      layout({ title: 'Error', active: '', nav, body: html`<p class="error">${error.message}</p>` }).value,
      500,
    );
  });

  // Every response carries the security headers, and no route reads a body over the limit.
  app.use('*', dashboardSecurityHeaders());
  app.use('*', dashboardBodyLimit());

  // Self-authenticating endpoints first: the guards below never run for them.
  app.get('/healthz', (c) => c.text('ok'));
  mountItemRedirect(app, deps);
  for (const mount of options.publicRoutes ?? []) mount(app);

  // DNS rebinding: without a token, only loopback names (and the configured public host) are served.
  app.use('*', hostGuard(options.token, options.publicHosts));
  app.use('*', accessGuard(options.token));
  // State changes come as forms (the feedback route also takes JSON, which needs a CORS preflight cross-site).
  app.use('*', formContentTypes(['/feedback/']));
  // Form posts must come from the dashboard's own pages (Origin check), so another site cannot pause sources.
  app.use('/sources/*', sameOriginForms());

  const page = (name: PageName, render: (c: Context) => Promise<Html>) =>
    app.get(`/${name}`, async (c) => {
      const panels: Html[] = [];
      for (const panel of options.panels?.[name] ?? [])
        panels.push(html`<div class="panel">${await panel(c, deps)}</div>`);
      const body = html`${panels}${await render(c)}`;
      return c.html(layout({ title: TITLES[name], active: `/${name}`, nav, body }).value);
    });

  app.get('/', (c) => c.redirect('/sources', 302));
  page('sources', (c) => renderSourcesPage(c, deps));
  page('items', (c) => renderItemsPage(c, deps));
  page('stories', (c) => renderStoriesPage(c, deps, options));
  page('queues', (c) => renderQueuesPage(c, deps));
  page('digest', (c) => renderDigestPage(c, deps));

  app.post('/sources/:id/pause', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const given = typeof form.reason === 'string' ? form.reason.trim().slice(0, 200) : '';
    const reason = given || 'paused from the dashboard';
    if (!(await pauseSourceByOperator(deps.db, id, reason))) return c.text(`unknown source ${id}`, 404);
    deps.logger.info({ sourceId: id, reason }, 'source paused by an operator');
    return c.redirect(hrefWith('/sources', { done: `${id} paused` }), 303);
  });
  app.post('/sources/:id/resume', async (c) => {
    const id = c.req.param('id');
    if (!(await resumeSourceByOperator(deps.db, id))) return c.text(`unknown source ${id}`, 404);
    deps.logger.info({ sourceId: id }, 'source resumed by an operator');
    return c.redirect(hrefWith('/sources', { done: `${id} resumed` }), 303);
  });

  app.get('/metrics', async (c) => {
    if (!deps.metrics) return c.text('metrics are not enabled', 404);
    const { contentType, body } = await deps.metrics.render();
    return c.body(body, 200, { 'content-type': contentType });
  });

  for (const mount of options.extraRoutes ?? []) mount(app);
  return app;
}
