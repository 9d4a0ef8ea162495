/**
 * Guards every dashboard response and request carries, whatever route answers:
 *
 * - security headers: a Content-Security-Policy with no script at all (`script-src 'none'`; the pages have none,
 *   styles are one inline `<style>` block), `frame-ancestors 'none'`, `nosniff`, `Referrer-Policy: no-referrer`;
 * - a body-size limit on every request (64 KiB; the dashboard's forms are a few hundred bytes);
 * - the `Host` check against DNS rebinding: without a token the dashboard answers only to loopback names and the
 *   host of PUBLIC_DASHBOARD_URL (a page on `evil.example` that re-resolves to 127.0.0.1 gets 421);
 * - state changes (POST, PUT, PATCH, DELETE) only with a form content type (`application/json` too where a route
 *   reads JSON; a cross-site page cannot send JSON without a CORS preflight, which the dashboard never grants).
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { isLoopbackHost } from './access-guard.js';

/** Largest request body any dashboard route reads (POST /interactions has its own, equal, limit). */
export const MAX_DASHBOARD_BODY_BYTES = 64 * 1024;

/** The headers on every response, errors and 404s included. */
export function dashboardSecurityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    // The dashboard may be served over plain http on loopback: HSTS belongs to the TLS proxy in front.
    strictTransportSecurity: false,
  });
}

/** Routes that read larger bodies under their own `bodyLimit` (WebSub pushes carry a whole feed). */
const OWN_BODY_LIMIT = ['/websub/'];

/**
 * 413 for a body over MAX_DASHBOARD_BODY_BYTES, counted as it streams in (with or without Content-Length), on every
 * route except those with their own limit (`OWN_BODY_LIMIT`).
 */
export function dashboardBodyLimit(): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: MAX_DASHBOARD_BODY_BYTES,
    onError: (c) => c.text(`request body over ${MAX_DASHBOARD_BODY_BYTES} bytes refused`, 413),
  });
  return async (c, next) => {
    if (OWN_BODY_LIMIT.some((prefix) => c.req.path.startsWith(prefix))) return next();
    return limit(c, next);
  };
}

/** The host name of a Host header value (`[::1]:8787` → `::1`, `Example.COM.` → `example.com`). */
export function hostNameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(value);
  const name = bracketed ? (bracketed[1] ?? '') : value.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

/**
 * Without a token, refuse (421) a request whose `Host` is neither a loopback name nor one of `publicHosts` (host
 * names, e.g. PUBLIC_DASHBOARD_URL's). With a token every request must carry it, which a rebinding page cannot.
 */
export function hostGuard(token: string | undefined, publicHosts: readonly string[] = []): MiddlewareHandler {
  if (token) return async (_c, next) => next();
  const accepted = new Set(publicHosts.map(hostNameOf));
  return async (c, next) => {
    const header = c.req.header('host') ?? new URL(c.req.url).host;
    const name = hostNameOf(header);
    if (name !== '' && (isLoopbackHost(name) || accepted.has(name))) return next();
    const allowed = ['localhost', '127.0.0.1', '[::1]', ...accepted].join(', ');
    return c.text(
      `421: this dashboard does not answer to the host name "${header.slice(0, 100)}". Without DASHBOARD_TOKEN it ` +
        `serves only ${allowed} (a page that re-resolves another name to this machine is refused). Set ` +
        `DASHBOARD_TOKEN or PUBLIC_DASHBOARD_URL to serve another name.`,
      421,
    );
  };
}

function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length');
  return request.headers.has('transfer-encoding') || (length !== null && length !== '0');
}

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);
const STATE_CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * State changes need a form content type (415 otherwise); `jsonPaths` (path prefixes) also accept
 * `application/json`. `text/plain`, the one type a cross-site form can send besides the form types, is refused.
 */
export function formContentTypes(jsonPaths: readonly string[] = []): MiddlewareHandler {
  return async (c, next) => {
    if (!STATE_CHANGES.has(c.req.method)) return next();
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (FORM_TYPES.has(type)) return next();
    // A bodiless button post (a script-free client, a test) passes only from this very origin: hono's csrf() does
    // not look at requests without a form content type, so the Origin is checked here.
    if (type === '' && !hasBody(c.req.raw)) {
      if (c.req.header('origin') === new URL(c.req.url).origin) return next();
      return c.text(
        `403: cross-site request refused: ${c.req.method} ${c.req.path} did not come from a raqib dashboard page`,
        403,
      );
    }
    if (type === 'application/json' && jsonPaths.some((p) => c.req.path.startsWith(p))) return next();
    return c.text(
      `415: ${c.req.method} ${c.req.path} accepts only a form (application/x-www-form-urlencoded or multipart/form-data)${
        jsonPaths.some((p) => c.req.path.startsWith(p)) ? ' or application/json' : ''
      }, not "${type.slice(0, 100) || 'no content type'}"`,
      415,
    );
  };
}
