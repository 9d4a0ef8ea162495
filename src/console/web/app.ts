/**
 * The operator dashboard as a Hono app: server-rendered pages (sources, items, stories, queues, digest),
 * pause/resume, and /metrics. `createDashboardApp` takes extra routes and panels so other areas (feedback,
 * silent sources) mount their own endpoints and panels.
 */
import { Hono, type Context } from 'hono';
import { pauseSourceByOperator, resumeSourceByOperator } from '../../operate/source-control.js';
import { isConnectionError } from '../../app/dependency-health.js';
import { accessGuard } from './access-guard.js';
import { dependencyBanner } from './dependency-banner.js';
import type { DashboardDeps, DashboardOptions, PageName } from './dashboard-types.js';
import { getItemDetail } from '../../store/item-detail.js';
import { getStory } from '../../store/stories-repo.js';
import { FAVICON_SVG } from './favicon.js';
import { hrefWith, itemHref, setDisplayTimeZone } from './format.js';
import { html, type Html } from './html.js';
import { mountItemRedirect } from './item-redirect.js';
import { CORE_NAV, layout } from './layout.js';
import { renderDigestPage } from './pages/digest-page.js';
import { renderItemPage } from './pages/item-page.js';
import { renderItemsPage } from './pages/items-page.js';
import { renderQueuesPage } from './pages/queues-page.js';
import { mountSourcePage } from './pages/source-page.js';
import { renderSourcesPage } from './pages/sources-page.js';
import { renderStoriesPage, renderStoryPage } from './pages/stories-page.js';
import {
  dashboardBodyLimit,
  dashboardSecurityHeaders,
  formContentTypes,
  hostGuard,
} from './request-guards.js';
import { sameOriginForms } from './same-origin-forms.js';

export type { DashboardDeps, DashboardOptions } from './dashboard-types.js';

const ITEM_ID = /^[A-Za-z0-9_:.-]{1,200}$/;

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
  setDisplayTimeZone(deps.timeZone);
  const notFound = (c: Context, message: string) =>
    c.html(
      layout({
        title: 'Not found',
        active: '',
        nav,
        body: html`<p class="error" data-role="not-found">${message}</p>
          <p>
            <a href="/sources">Sources</a> · <a href="/items">Items</a> · <a href="/stories">Stories</a>
          </p>`,
      }).value,
      404,
    );
  app.notFound((c) => notFound(c, `Nothing at ${c.req.path}.`));

  app.onError((error, c) => {
    if (isConnectionError(error)) {
      // Redis or PostgreSQL is gone: the dependency health logs that (rate-limited); this page says so.
      deps.logger.warn({ path: c.req.path, error: error.message }, 'dashboard page needs a lost dependency');
      const body = html`<p class="error" data-role="dependency-error">
        This page could not be read: a dependency did not answer (${error.message}). raqib keeps reconnecting;
        reload in a moment.
      </p>`;
      return c.html(layout({ title: 'Unavailable', active: '', nav, body }).value, 503);
    }
    deps.logger.error({ err: error, path: c.req.path }, 'dashboard request failed');
    return c.html(
      layout({ title: 'Error', active: '', nav, body: html`<p class="error">${error.message}</p>` }).value,
      500,
    );
  });

  // Every response carries the security headers, and no route reads a body over the limit.
  app.use('*', dashboardSecurityHeaders());
  app.use('*', dashboardBodyLimit());
  // While Redis or PostgreSQL is lost, every page says so at its top.
  app.use('*', dependencyBanner(deps.dependencies));

  // Self-authenticating endpoints first: the guards below never run for them.
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/favicon.ico', (c) =>
    c.body(FAVICON_SVG, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' }),
  );
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
  // The old one-row list address of an item now leads to its page.
  app.get('/items', async (c, next) => {
    const id = c.req.query('id');
    if (id) return c.redirect(itemHref(id), 301);
    return next();
  });
  page('items', (c) => renderItemsPage(c, deps));
  app.get('/items/:id', async (c) => {
    const id = c.req.param('id');
    const detail = ITEM_ID.test(id) ? await getItemDetail(deps.db, id) : null;
    if (!detail) return notFound(c, `No item ${id}.`);
    const title = `Item ${id}`;
    return c.html(layout({ title, active: '/items', nav, body: renderItemPage(detail, deps) }).value);
  });
  page('stories', (c) => renderStoriesPage(c, deps, options));
  app.get('/stories/:id', async (c) => {
    const id = c.req.param('id');
    const story = ITEM_ID.test(id) ? await getStory(deps.db, id) : null;
    if (!story) return notFound(c, `No story ${id}.`);
    const body = await renderStoryPage(c, deps, options, story);
    return c.html(layout({ title: `Story ${id}`, active: '/stories', nav, body }).value);
  });
  page('queues', (c) => renderQueuesPage(c, deps));
  page('digest', (c) => renderDigestPage(c, deps));

  app.post('/sources/:id/pause', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const given = typeof form.reason === 'string' ? form.reason.trim().slice(0, 200) : '';
    const reason = given || 'paused from the dashboard';
    if (!(await pauseSourceByOperator(deps.db, id, reason))) return notFound(c, `Unknown source ${id}.`);
    deps.logger.info({ sourceId: id, reason }, 'source paused by an operator');
    return c.redirect(hrefWith('/sources', { done: `${id} paused` }), 303);
  });
  app.post('/sources/:id/resume', async (c) => {
    const id = c.req.param('id');
    if (!(await resumeSourceByOperator(deps.db, id))) return notFound(c, `Unknown source ${id}.`);
    deps.logger.info({ sourceId: id }, 'source resumed by an operator');
    return c.redirect(hrefWith('/sources', { done: `${id} resumed` }), 303);
  });

  mountSourcePage(app, deps, nav, options.addSource);

  app.get('/metrics', async (c) => {
    if (!deps.metrics) return c.text('metrics are not enabled', 404);
    const { contentType, body } = await deps.metrics.render();
    return c.body(body, 200, { 'content-type': contentType });
  });

  for (const extra of options.pages ?? [])
    app.get(extra.path, async (c) => {
      const body = await extra.render(c, deps);
      return c.html(layout({ title: extra.title, active: extra.path, nav, body }).value);
    });
  for (const mount of options.extraRoutes ?? []) mount(app);
  return app;
}
