/** Dashboard routes without a browser: /i/<id> short redirect (public, http(s) only) and the 403 page for cross-site posts. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createDashboardApp, type DashboardDeps } from '../../../src/console/web/app.js';
import { openDb } from '../../../src/store/db.js';

describe('/i/<id> redirect', () => {
  it('redirects known items to their http(s) URL and answers 404 otherwise', async () => {
    const db = await openDb({ dataDir: 'memory://' });
    try {
      const insert = (id: string, url: string) =>
        db.query(
          `insert into items (id, source_id, url, canonical_url, reasons) values ($1, 's', $2, $2, '[]')`,
          [id, url],
        );
      await insert('it-ar1', 'https://news.example/سياسة/انسحاب-القوات?id=7');
      await insert('it-en1', 'http://outlet.example/world/us-troops-iraq');
      await insert('it-js1', 'javascript:alert(1)');
      const deps = {
        db,
        logger: pino({ level: 'silent' }),
        now: () => new Date(),
      } as unknown as DashboardDeps;
      const app = createDashboardApp(deps, { token: 'secret-token' });

      const ar = await app.request('/i/it-ar1');
      expect(ar.status).toBe(302);
      expect(ar.headers.get('location')).toBe(new URL('https://news.example/سياسة/انسحاب-القوات?id=7').href);
      const en = await app.request('/i/it-en1');
      expect(en.status).toBe(302);
      expect(en.headers.get('location')).toBe('http://outlet.example/world/us-troops-iraq');

      for (const path of ['/i/it-js1', '/i/it-missing', `/i/${encodeURIComponent("x' or 1=1")}`]) {
        const res = await app.request(path);
        expect(res.status, path).toBe(404);
        expect(res.headers.get('location'), path).toBeNull();
      }
      // The rest of the dashboard stays behind the token.
      expect((await app.request('/items')).status).not.toBe(200);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe('cross-site form posts', () => {
  it('answer 403 with a message saying why', async () => {
    const db = await openDb({ dataDir: 'memory://' });
    try {
      const deps = {
        db,
        logger: pino({ level: 'silent' }),
        now: () => new Date(),
      } as unknown as DashboardDeps;
      const app = createDashboardApp(deps);
      const res = await app.request('http://localhost/sources/any/pause', {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'reason=x',
      });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('cross-site request refused');
    } finally {
      await db.close();
    }
  }, 60_000);
});
