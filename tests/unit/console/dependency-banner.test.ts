/**
 * The dashboard while Redis or PostgreSQL is lost: every HTML page (lists, 404s, error pages) carries a banner
 * naming the lost dependency and its setting, from the same dependency state as `raqib_dependency_up`; the banner
 * goes away once the dependency is back, and non-HTML answers are left alone.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createDependencyHealth, type DependencyHealth } from '../../../src/app/dependency-health.js';
import { createDashboardApp, type DashboardDeps } from '../../../src/console/web/app.js';
import type { Db } from '../../../src/store/db.js';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

function setup() {
  const logger = pino({ level: 'silent' });
  const health = createDependencyHealth({ logger });
  const state = { dbFails: false };
  const db = {
    kind: 'postgres',
    query: () => (state.dbFails ? Promise.reject(refused) : Promise.resolve({ rows: [], rowCount: 0 })),
  } as unknown as Db;
  const queues = {
    all: () => {
      throw new Error('the queues page must not read Redis while it is down');
    },
  };
  const deps = {
    db,
    queues,
    logger,
    now: () => new Date('2026-01-10T10:00:00Z'),
    sources: new Map(),
    channels: [],
    dependencies: health,
  } as unknown as DashboardDeps;
  return { app: createDashboardApp(deps), health, state };
}

const get = async (app: ReturnType<typeof setup>['app'], path: string) => {
  const res = await app.request(`http://localhost${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
};

const banner = (body: string) => /data-role="dependency-down"/.test(body);
const named = (body: string) => [...body.matchAll(/<p data-dependency="(\w+)">/g)].map((m) => m[1]).sort();

function lose(health: DependencyHealth, ...which: Array<'redis' | 'postgres'>) {
  for (const d of which) health.down(d, refused);
}

describe('dependency banner', () => {
  it('is absent while both dependencies answer', async () => {
    const { app } = setup();
    for (const path of ['/sources', '/items', '/stories', '/no-such-page']) {
      const page = await get(app, path);
      expect(page.type, path).toMatch(/^text\/html/);
      expect(banner(page.body), path).toBe(false);
    }
  });

  it('names Redis on every page while Redis is lost, and the queues page answers without reading it', async () => {
    const { app, health } = setup();
    lose(health, 'redis');
    for (const [path, status] of [
      ['/sources', 200],
      ['/items', 200],
      ['/stories', 200],
      ['/queues', 200],
      ['/no-such-page', 404],
      ['/items/no-such-item', 404],
    ] as const) {
      const page = await get(app, path);
      expect(page.status, path).toBe(status);
      expect(named(page.body), path).toEqual(['redis']);
      expect(page.body, path).toContain('REDIS_URL');
      expect(page.body, path).not.toContain('DATABASE_URL');
      // Inside <main>, above the page's title.
      expect(page.body.indexOf('dependency-down'), path).toBeGreaterThan(page.body.indexOf('<main>'));
      expect(page.body.indexOf('dependency-down'), path).toBeLessThan(page.body.indexOf('<h1>'));
    }
    expect((await get(app, '/queues')).body).toContain('data-role="queues-unavailable"');
  });

  it('names PostgreSQL, and a page whose query is refused answers 503 saying why', async () => {
    const { app, health, state } = setup();
    lose(health, 'postgres');
    state.dbFails = true;
    for (const path of ['/sources', '/items', '/stories']) {
      const page = await get(app, path);
      expect(page.status, path).toBe(503);
      expect(named(page.body), path).toEqual(['postgres']);
      expect(page.body, path).toContain('DATABASE_URL');
      expect(page.body, path).toContain('data-role="dependency-error"');
      expect(page.body, path).toContain('ECONNREFUSED');
    }
  });

  it('names both when both are lost, and is gone once they are back', async () => {
    const { app, health, state } = setup();
    lose(health, 'postgres', 'redis');
    expect(named((await get(app, '/sources')).body)).toEqual(['postgres', 'redis']);
    health.up('redis');
    expect(named((await get(app, '/sources')).body)).toEqual(['postgres']);
    health.up('postgres');
    state.dbFails = false;
    const page = await get(app, '/sources');
    expect(page.status).toBe(200);
    expect(banner(page.body)).toBe(false);
  });

  it('leaves non-HTML answers alone', async () => {
    const { app, health } = setup();
    lose(health, 'postgres', 'redis');
    const health_ = await get(app, '/healthz');
    expect(health_.body).toBe('ok');
    const icon = await get(app, '/favicon.ico');
    expect(icon.type).toMatch(/^image\/svg/);
    expect(banner(icon.body)).toBe(false);
  });
});
