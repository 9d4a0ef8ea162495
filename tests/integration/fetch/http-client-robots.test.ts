import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FetchError } from '../../../src/fetch/http/fetch-error.js';
import { createClientFixture, localPolicy, type ClientFixture } from './client-fixture.js';
import { startLocalServer, type LocalServer } from './local-server.js';

describe('robots.txt', () => {
  let fixture: ClientFixture;
  let server: LocalServer;
  let robotsStatus = 200;
  let robots = 'User-agent: *\nDisallow: /private\n\nUser-agent: raqib\nDisallow: /no-raqib\n';

  beforeEach(async () => {
    fixture = createClientFixture();
    robotsStatus = 200;
    robots = 'User-agent: *\nDisallow: /private\n\nUser-agent: raqib\nDisallow: /no-raqib\nAllow: /\n';
    server = await startLocalServer((req, res) => {
      if (req.url === '/robots.txt')
        return void res.writeHead(robotsStatus, { 'content-type': 'text/plain' }).end(robots);
      if (req.url === '/moved') return void res.writeHead(301, { location: '/no-raqib/page' }).end();
      res.writeHead(200, { 'content-type': 'text/html' }).end('page');
    });
  });

  afterEach(async () => {
    await server.close();
    await fixture.cleanup();
  });

  const obeying = localPolicy({ obeyRobots: true });

  it('obeys a disallow for our token, fetching robots.txt once for many pages and workers', async () => {
    const a = fixture.newClient();
    const b = fixture.newClient();
    await expect(a.fetchText(server.url('/no-raqib/x'), obeying)).rejects.toMatchObject({
      fetchCode: 'robots-disallowed',
    });
    // The raqib group replaces the * group, so /private is allowed for us.
    expect((await a.fetchText(server.url('/private'), obeying)).kind).toBe('ok');
    expect((await b.fetchText(server.url('/news/1'), obeying)).kind).toBe('ok');
    await expect(b.fetchText(server.url('/no-raqib/y'), obeying)).rejects.toBeInstanceOf(FetchError);
    expect(server.requests.filter((r) => r.path === '/robots.txt')).toHaveLength(1);
    expect(server.requests.some((r) => r.path.startsWith('/no-raqib'))).toBe(false);
  });

  it('checks robots.txt again on a redirect hop', async () => {
    const client = fixture.newClient();
    await expect(client.fetchText(server.url('/moved'), obeying)).rejects.toMatchObject({
      fetchCode: 'robots-disallowed',
    });
  });

  it('a source that overrides robots fetches disallowed pages', async () => {
    const client = fixture.newClient();
    expect((await client.fetchText(server.url('/no-raqib/x'), localPolicy({ obeyRobots: false }))).kind).toBe(
      'ok',
    );
    expect(server.requests.some((r) => r.path === '/robots.txt')).toBe(false);
  });

  it('a missing robots.txt allows everything; an erroring one blocks with a retryable error', async () => {
    robotsStatus = 404;
    const client = fixture.newClient();
    expect((await client.fetchText(server.url('/no-raqib/x'), obeying)).kind).toBe('ok');

    const other = createClientFixture();
    try {
      robotsStatus = 503;
      const error = await other
        .newClient()
        .fetchText(server.url('/news/2'), obeying)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ fetchCode: 'network', retryable: true });
      expect(server.requests.some((r) => r.path === '/news/2')).toBe(false);
    } finally {
      await other.cleanup();
    }
  });

  it('a Crawl-delay slows requests down', async () => {
    robots = 'User-agent: *\nCrawl-delay: 0.3\n';
    const client = fixture.newClient();
    await client.fetchText(server.url('/a'), obeying);
    await client.fetchText(server.url('/b'), obeying);
    const [a, b] = server.requests.filter((r) => r.path !== '/robots.txt');
    expect((b?.startedAt ?? 0) - (a?.startedAt ?? 0)).toBeGreaterThanOrEqual(280);
  });
});
