/**
 * GET /i/<id>: a short link for digests and alerts that redirects to the item's article URL. It is mounted
 * before the access guard on purpose: Discord readers hold no dashboard token, and the target is the outlet's
 * public article URL. Only http(s) targets are followed; anything else (or an unknown id) is a 404 page.
 */
import type { Hono } from 'hono';
import { getItem } from '../../store/items-repo.js';
import type { DashboardDeps } from './dashboard-types.js';
import { html, safeHref } from './html.js';

const ID = /^[A-Za-z0-9_-]{1,100}$/;

export function mountItemRedirect(app: Hono, deps: Pick<DashboardDeps, 'db'>): void {
  app.get('/i/:id', async (c) => {
    const id = c.req.param('id');
    const item = ID.test(id) ? await getItem(deps.db, id) : null;
    const target = item ? safeHref(item.url) : '#';
    if (target === '#')
      return c.html(
        html`<!doctype html>
          <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1" />
              <title>raqib · unknown item</title>
            </head>
            <body>
              <h1>Unknown item</h1>
              <p>This link does not lead to an article raqib knows.</p>
            </body>
          </html>`.value,
        404,
      );
    return c.redirect(target, 302);
  });
}
