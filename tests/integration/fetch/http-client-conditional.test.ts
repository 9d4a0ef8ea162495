import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClientFixture, localPolicy, type ClientFixture } from './client-fixture.js';
import { startLocalServer, type LocalServer } from './local-server.js';

describe('conditional GET', () => {
  let fixture: ClientFixture;
  let server: LocalServer;
  let body = '<rss>one</rss>';
  let cacheControl: string | undefined;

  beforeEach(async () => {
    fixture = createClientFixture();
    body = '<rss>one</rss>';
    cacheControl = undefined;
    server = await startLocalServer((req, res) => {
      const etag = `"${Buffer.from(body).toString('base64url')}"`;
      const headers: Record<string, string> = { 'content-type': 'application/rss+xml; charset=utf-8' };
      if (cacheControl) headers['cache-control'] = cacheControl;
      if (req.url === '/etag') {
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, headers).end();
        return void res.writeHead(200, { ...headers, etag }).end(body);
      }
      if (req.url === '/last-modified') {
        const lastModified = 'Tue, 01 Sep 2026 10:00:00 GMT';
        if (req.headers['if-modified-since'] === lastModified) return void res.writeHead(304, headers).end();
        return void res.writeHead(200, { ...headers, 'last-modified': lastModified }).end(body);
      }
      res.writeHead(200, headers).end(body);
    });
  });

  afterEach(async () => {
    await server.close();
    await fixture.cleanup();
  });

  it('sends the stored ETag and reports a 304 as not-modified', async () => {
    const client = fixture.newClient();
    const first = await client.fetchText(server.url('/etag'), localPolicy(), { conditional: true });
    expect(first).toMatchObject({ kind: 'ok', text: body });
    const second = await client.fetchText(server.url('/etag'), localPolicy(), { conditional: true });
    expect(second).toEqual({
      kind: 'not-modified',
      url: server.url('/etag'),
      finalUrl: server.url('/etag'),
      reason: 'http-304',
    });
    expect(server.requests[1]?.headers['if-none-match']).toBeDefined();
    body = '<rss>two</rss>';
    const third = await client.fetchText(server.url('/etag'), localPolicy(), { conditional: true });
    expect(third).toMatchObject({ kind: 'ok', text: '<rss>two</rss>' });
  });

  it('survives a restart: another client on another connection uses the stored Last-Modified', async () => {
    await fixture.newClient().fetchText(server.url('/last-modified'), localPolicy(), { conditional: true });
    const other = fixture.newClient();
    const result = await other.fetchText(server.url('/last-modified'), localPolicy(), { conditional: true });
    expect(result).toMatchObject({ kind: 'not-modified', reason: 'http-304' });
  });

  it('reports an unchanged 200 body as not-modified, and a changed one as ok', async () => {
    const client = fixture.newClient();
    expect((await client.fetchText(server.url('/plain'), localPolicy(), { conditional: true })).kind).toBe(
      'ok',
    );
    const same = await client.fetchText(server.url('/plain'), localPolicy(), { conditional: true });
    expect(same).toMatchObject({ kind: 'not-modified', reason: 'same-body' });
    body = '<rss>changed</rss>';
    expect((await client.fetchText(server.url('/plain'), localPolicy(), { conditional: true })).kind).toBe(
      'ok',
    );
  });

  it('without conditional, always returns the body and sends no validators', async () => {
    const client = fixture.newClient();
    await client.fetchText(server.url('/etag'), localPolicy());
    expect((await client.fetchText(server.url('/etag'), localPolicy())).kind).toBe('ok');
    expect(server.requests[1]?.headers['if-none-match']).toBeUndefined();
  });

  it('within Cache-Control max-age returns not-modified without a request; after it, asks again', async () => {
    let clock = 1_000_000;
    const client = fixture.newClient({ now: () => clock });
    cacheControl = 'public, max-age=60';
    await client.fetchText(server.url('/etag'), localPolicy(), { conditional: true });
    clock += 30_000;
    const fresh = await client.fetchText(server.url('/etag'), localPolicy(), { conditional: true });
    expect(fresh).toMatchObject({ kind: 'not-modified', reason: 'fresh' });
    expect(server.requests).toHaveLength(1);
    clock += 31_000;
    const stale = await client.fetchText(server.url('/etag'), localPolicy(), { conditional: true });
    expect(stale).toMatchObject({ kind: 'not-modified', reason: 'http-304' });
    expect(server.requests).toHaveLength(2);
  });

  it('forgetValidators makes the next conditional fetch return the body', async () => {
    const client = fixture.newClient();
    await client.fetchText(server.url('/etag'), localPolicy(), { conditional: true });
    await client.forgetValidators(server.url('/etag'));
    expect((await client.fetchText(server.url('/etag'), localPolicy(), { conditional: true })).kind).toBe(
      'ok',
    );
  });
});
