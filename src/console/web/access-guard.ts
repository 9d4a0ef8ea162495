/**
 * Who may use the dashboard. Without a token it serves loopback only (enforced when binding); with a token every
 * request needs it: `Authorization: Bearer <token>`, or a cookie set by opening any page once with `?token=<token>`
 * (the token is then removed from the address bar). The cookie holds a hash of the token, never the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { ConfigError } from '../../shared/errors.js';
import { html } from './html.js';

export const ACCESS_COOKIE = 'raqib_dashboard';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of two strings of any length. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The cookie value for a token: a hash, so the cookie jar never holds the token itself. */
export function accessCookieValue(token: string): string {
  return createHash('sha256').update(`raqib-dashboard-cookie\u0000${token}`).digest('base64url');
}

/** Loopback names and addresses: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1'
  );
}

/** Refuse to expose the dashboard beyond this machine without a token. */
export function assertSafeBinding(host: string, token: string | undefined): void {
  if (!isLoopbackHost(host) && !token) {
    throw new ConfigError(
      `DASHBOARD_HOST=${host} is not a loopback address: set DASHBOARD_TOKEN before exposing the dashboard`,
    );
  }
}

/** Middleware enforcing the token; a no-op when no token is configured. */
export function accessGuard(token: string | undefined): MiddlewareHandler {
  if (!token) return async (_c, next) => next();
  const cookieValue = accessCookieValue(token);
  return async (c, next) => {
    const authorization = c.req.header('authorization');
    const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    if (bearer !== undefined && sameSecret(bearer, token)) return next();

    const fromQuery = c.req.query('token');
    if (fromQuery !== undefined && sameSecret(fromQuery, token)) {
      const url = new URL(c.req.url);
      setCookie(c, ACCESS_COOKIE, cookieValue, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: url.protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
      });
      if (c.req.method !== 'GET') return next();
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }

    const cookie = getCookie(c, ACCESS_COOKIE);
    if (cookie !== undefined && sameSecret(cookie, cookieValue)) return next();

    c.header('WWW-Authenticate', 'Bearer realm="raqib"');
    return c.html(
      html`<!doctype html>
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <title>raqib · token needed</title>
          </head>
          <body>
            <h1>Token needed</h1>
            <p>
              Open this page with <code>?token=…</code> (the value of DASHBOARD_TOKEN) or send
              <code>Authorization: Bearer …</code>.
            </p>
          </body>
        </html>`.value,
      401,
    );
  };
}
