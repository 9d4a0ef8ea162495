/**
 * The dashboard against a hostile browser or client: DNS rebinding (a foreign `Host` while bound to loopback
 * without a token), security headers on every response, state changes only as forms, and a body-size limit on
 * every route that reads a body.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createDashboardApp, type DashboardDeps } from '../../../src/console/web/app.js';
import { mountFeedbackRoutes, mountInteractions } from '../../../src/console/feedback/interactions-route.js';
import type { Db } from '../../../src/store/db.js';

function fakeDb(fail = false) {
  const queries: string[] = [];
  const db = {
    query: (sql: string) => {
      queries.push(sql);
      return fail ? Promise.reject(new Error('database down')) : Promise.resolve({ rows: [], rowCount: 0 });
    },
  } as unknown as Db;
  return { db, queries };
}

function dashboard(options: { token?: string; publicHosts?: string[]; failDb?: boolean } = {}) {
  const { db, queries } = fakeDb(options.failDb);
  const logger = pino({ level: 'silent' });
  const deps = { db, logger, now: () => new Date(), sources: new Map() } as unknown as DashboardDeps;
  const app = createDashboardApp(deps, {
    ...(options.token ? { token: options.token } : {}),
    ...(options.publicHosts ? { publicHosts: options.publicHosts } : {}),
    publicRoutes: [(a) => mountInteractions(a, { db, logger, discordPublicKey: '0'.repeat(64) })],
    extraRoutes: [(a) => mountFeedbackRoutes(a, { db, logger })],
  });
  return { app, queries };
}

const at = (host: string, path: string, init: RequestInit = {}) =>
  new Request(`http://${host}${path}`, { ...init, headers: { host, ...(init.headers ?? {}) } });
const form = (host: string, path: string, body = 'reason=x', type = 'application/x-www-form-urlencoded') =>
  at(host, path, {
    method: 'POST',
    headers: { 'content-type': type, origin: `http://${host.toLowerCase()}` },
    body,
  });

describe('Host check without a token (DNS rebinding)', () => {
  it.each([
    'evil.example',
    'evil.example:8787',
    '127.0.0.1.evil.example:8787',
    'localhost.evil.example',
    'xn--mgbh0fb.example:8787', // مثال.example
    '10.0.0.5:8787',
    '0.0.0.0:8787',
  ])('answers 421 to Host %s on pages and form posts, and changes nothing', async (host) => {
    const { app, queries } = dashboard();
    const page = await app.request(at(host, '/sources'));
    expect(page.status).toBe(421);
    expect(await page.text()).toMatch(/does not answer to the host name.*DASHBOARD_TOKEN/s);
    expect((await app.request(form(host, '/sources/s1/pause'))).status).toBe(421);
    expect((await app.request(form(host, '/feedback/it-1', 'label=relevant'))).status).toBe(421);
    expect(queries).toEqual([]);
  });

  it.each(['localhost:8787', '127.0.0.1:8787', '[::1]:8787', '127.1.2.3', 'LOCALHOST', 'dash.example.org'])(
    'serves Host %s (loopback, or the configured public host)',
    async (host) => {
      const { app } = dashboard({ publicHosts: ['dash.example.org'] });
      const res = await app.request(form(host, '/sources/s1/pause'));
      expect(res.status).toBe(404); // past the guards: the fake database knows no source s1
      expect(await res.text()).toMatch(/unknown source s1/i);
    },
  );

  it('with a token, any host name reaches the token check', async () => {
    const { app } = dashboard({ token: 'tok-123' });
    expect((await app.request(at('evil.example', '/sources'))).status).toBe(401);
  });
});

describe('security headers on every response', () => {
  const responses: Array<[string, () => Response | Promise<Response>, number]> = [
    ['health check', () => dashboard().app.request(at('localhost', '/healthz')), 200],
    ['unknown page', () => dashboard().app.request(at('localhost', '/nope')), 404],
    ['server error', () => dashboard({ failDb: true }).app.request(at('localhost', '/sources')), 500],
    ['misdirected host', () => dashboard().app.request(at('evil.example', '/sources')), 421],
    ['token needed', () => dashboard({ token: 't' }).app.request(at('localhost', '/sources')), 401],
    [
      'cross-site post',
      () =>
        dashboard().app.request(
          at('localhost', '/sources/s/pause', {
            method: 'POST',
            headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
            body: 'reason=x',
          }),
        ),
      403,
    ],
    [
      'wrong content type',
      () => dashboard().app.request(form('localhost', '/sources/s/resume', 'x', 'text/plain')),
      415,
    ],
    [
      'body too large',
      () => dashboard().app.request(form('localhost', '/sources/s/pause', `reason=${'x'.repeat(70_000)}`)),
      413,
    ],
    [
      'public interactions route',
      () => dashboard().app.request(at('localhost', '/interactions', { method: 'POST', body: '{}' })),
      401,
    ],
  ];

  it.each(responses)('%s', async (_name, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('state changes only as forms', () => {
  it.each([
    'text/plain',
    'text/plain; charset=utf-8',
    'application/json',
    'application/octet-stream',
    'application/xml',
    '',
  ])('refuses a pause posted as "%s" with 415, before anything is read or changed', async (type) => {
    const { app, queries } = dashboard();
    const res = await app.request(
      at('localhost', '/sources/s1/pause', {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: type.includes('json') ? '{"reason":"x"}' : 'reason=x',
      }),
    );
    expect(res.status).toBe(415);
    expect(await res.text()).toContain('accepts only a form');
    expect(queries).toEqual([]);
  });

  it.each(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=b'])(
    'accepts %s',
    async (type) => {
      const { app, queries } = dashboard();
      const body = type.startsWith('multipart')
        ? '--b\r\nContent-Disposition: form-data; name="reason"\r\n\r\nصيانة الموقع\r\n--b--\r\n'
        : `reason=${encodeURIComponent('صيانة الموقع')}`;
      const res = await app.request(
        at('localhost', '/sources/s1/pause', {
          method: 'POST',
          headers: { 'content-type': type, origin: 'http://localhost' },
          body,
        }),
      );
      expect(res.status).toBe(404);
      expect(queries.length).toBeGreaterThan(0);
    },
  );

  it.each([
    ['https://evil.example', 403],
    ['null', 403],
    ['http://localhost.evil.example', 403],
    ['http://localhost', 404], // past the guards: the fake database knows no source s1
  ])('a bodiless post from Origin %s answers %i', async (origin, status) => {
    const { app, queries } = dashboard();
    const res = await app.request(
      at('localhost', '/sources/s1/resume', { method: 'POST', headers: { origin } }),
    );
    expect(res.status).toBe(status);
    if (status === 403) expect(queries).toEqual([]);
  });

  it('the feedback route also takes JSON, not text/plain', async () => {
    const { app } = dashboard();
    const post = (type: string) =>
      app.request(
        at('localhost', '/feedback/it-1', {
          method: 'POST',
          headers: { 'content-type': type },
          body: '{"label":"relevant"}',
        }),
      );
    expect((await post('application/json')).status).toBe(404); // no item it-1 in the fake database
    expect((await post('text/plain')).status).toBe(415);
  });
});

describe('body-size limit on every route that reads a body', () => {
  /** A chunked body of `chunks` × 16 KiB that records how many chunks were pulled. */
  function stream(chunks: number) {
    let n = 0;
    const chunk = new TextEncoder().encode('reason=' + 'x'.repeat(16 * 1024 - 7));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (n >= chunks) return controller.close();
        n += 1;
        controller.enqueue(chunk);
      },
    });
    return { body, pulled: () => n };
  }

  it.each([
    ['/sources/s1/pause', 'application/x-www-form-urlencoded'],
    ['/sources/s1/resume', 'application/x-www-form-urlencoded'],
    ['/feedback/it-1', 'application/json'],
    ['/feedback/it-1', 'multipart/form-data; boundary=b'],
  ])('POST %s (%s): 1 MiB declared or 8 MiB streamed is refused with 413', async (path, type) => {
    const { app, queries } = dashboard();
    const declared = await app.request(
      at('localhost', path, {
        method: 'POST',
        headers: { 'content-type': type },
        body: 'x'.repeat(1024 * 1024),
      }),
    );
    expect(declared.status).toBe(413);
    const { body, pulled } = stream(512);
    const streamed = await app.request(
      at('localhost', path, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
        // @ts-expect-error -- Node's fetch needs duplex for a streamed body
        duplex: 'half',
      }),
    );
    expect(streamed.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(8);
    expect(queries).toEqual([]);
  });
});
