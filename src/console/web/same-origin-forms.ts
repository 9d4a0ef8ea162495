/**
 * State changes (form posts) must come from the dashboard's own pages: hono's csrf() checks Origin /
 * Sec-Fetch-Site. A refused request gets a 403 page saying why, not a bare "Forbidden" (or, through onError, a 500).
 */
import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { html } from './html.js';

export function sameOriginForms(): MiddlewareHandler {
  const check = csrf();
  return async (c, next) => {
    try {
      await check(c, next);
      return undefined;
    } catch (error) {
      if (!(error instanceof HTTPException) || error.status !== 403) throw error;
      const body = html`<!doctype html>
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <title>Refused</title>
          </head>
          <body>
            <h1>403: cross-site request refused</h1>
            <p>
              This change (${c.req.method} ${c.req.path}) did not come from a raqib dashboard page, so it was
              not made. Open the dashboard and use its buttons.
            </p>
          </body>
        </html>`;
      return c.html(body.value, 403);
    }
  };
}
