import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_COOKIE,
  accessCookieValue,
  accessGuard,
  assertSafeBinding,
  isLoopbackHost,
} from '../../../src/console/web/access-guard.js';
import { createDashboardApp, type DashboardDeps } from '../../../src/console/web/app.js';

const TOKEN = 's3cret-token-value';

function guarded(token: string | undefined) {
  const app = new Hono();
  app.use('*', accessGuard(token));
  app.get('/page', (c) => c.text('page'));
  app.post('/act', (c) => c.text('done'));
  return app;
}

describe('dashboard token guard', () => {
  it('lets everything through when no token is configured', async () => {
    const res = await guarded(undefined).request('/page');
    expect(res.status).toBe(200);
  });

  it('refuses requests without the token, with a Bearer challenge', async () => {
    const res = await guarded(TOKEN).request('/page');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.text()).not.toContain(TOKEN);
  });

  it('accepts the right bearer token and refuses a wrong one', async () => {
    const app = guarded(TOKEN);
    expect((await app.request('/page', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await app.request('/page', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await app.request('/page', { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
  });

  it('turns ?token= into a cookie holding a hash, and drops the token from the address', async () => {
    const app = guarded(TOKEN);
    const first = await app.request(`/page?x=1&token=${TOKEN}`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/page?x=1');
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toContain(`${ACCESS_COOKIE}=${accessCookieValue(TOKEN)}`);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toContain(TOKEN);

    const cookie = `${ACCESS_COOKIE}=${accessCookieValue(TOKEN)}`;
    expect((await app.request('/page', { headers: { cookie } })).status).toBe(200);
    expect((await app.request('/act', { method: 'POST', headers: { cookie } })).status).toBe(200);
    // The raw token is not a valid cookie value; a wrong ?token= is refused.
    expect((await app.request('/page', { headers: { cookie: `${ACCESS_COOKIE}=${TOKEN}` } })).status).toBe(
      401,
    );
    expect((await app.request('/page?token=wrong')).status).toBe(401);
  });

  it('refuses to bind a non-loopback address without a token', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) {
      expect(isLoopbackHost(host)).toBe(true);
      expect(() => assertSafeBinding(host, undefined)).not.toThrow();
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.org']) {
      expect(isLoopbackHost(host)).toBe(false);
      expect(() => assertSafeBinding(host, undefined)).toThrow(/DASHBOARD_TOKEN/);
      expect(() => assertSafeBinding(host, TOKEN)).not.toThrow();
    }
  });

  it('guards the dashboard and its extra routes, but not the public ones', async () => {
    const deps = { logger: pino({ level: 'silent' }), now: () => new Date() } as unknown as DashboardDeps;
    const app = createDashboardApp(deps, {
      token: TOKEN,
      publicRoutes: [(a) => a.post('/interactions', (c) => c.text('signed elsewhere'))],
      extraRoutes: [(a) => a.get('/feedback', (c) => c.text('panel'))],
    });
    expect((await app.request('/interactions', { method: 'POST' })).status).toBe(200);
    expect((await app.request('/feedback')).status).toBe(401);
    expect((await app.request('/sources')).status).toBe(401);
    expect((await app.request('/metrics')).status).toBe(401);
    expect((await app.request('/healthz')).status).toBe(200);
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await app.request('/feedback', { headers: auth })).status).toBe(200);
  });
});
