import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FetchError } from '../../../src/fetch/http/fetch-error.js';
import { createClientFixture, localPolicy, type ClientFixture } from './client-fixture.js';
import { startLocalServer, type LocalServer } from './local-server.js';

async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('HttpClient limits and security', () => {
  let fixture: ClientFixture;
  let server: LocalServer;
  let redirectTarget = '';

  beforeEach(async () => {
    fixture = createClientFixture();
    server = await startLocalServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/ok') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>ok</p>');
      } else if (path === '/huge') {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(20 * 1024 * 1024) });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 20 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => (sent = Infinity));
        pump();
      } else if (path === '/huge-chunked') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 'b');
        let sent = 0;
        const pump = () => {
          while (sent < 20 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => (sent = Infinity));
        pump();
      } else if (path === '/bomb') {
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        res.end(gzipSync(Buffer.alloc(20 * 1024 * 1024, ' ')));
      } else if (path === '/drip') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const timer = setInterval(() => res.write('.'), 100);
        res.on('close', () => clearInterval(timer));
      } else if (path === '/loop-a') {
        res.writeHead(302, { location: '/loop-b' }).end();
      } else if (path === '/loop-b') {
        res.writeHead(302, { location: '/loop-a' }).end();
      } else if (path.startsWith('/chain/')) {
        const n = Number(path.slice(7));
        res.writeHead(301, { location: `/chain/${n + 1}` }).end();
      } else if (path === '/to-target') {
        res.writeHead(302, { location: redirectTarget }).end();
      } else if (path === '/missing') {
        res.writeHead(404).end('no');
      } else if (path === '/binary') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(4096));
      } else if (path === '/octet-text') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('<rss></rss>');
      } else if (path === '/image') {
        res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(10));
      } else {
        res.writeHead(500).end();
      }
    });
  });

  afterEach(async () => {
    await server.close();
    await fixture.cleanup();
  });

  it('fetches a plain page', async () => {
    const client = fixture.newClient();
    const result = await client.fetchText(server.url('/ok'), localPolicy());
    expect(result).toMatchObject({ kind: 'ok', status: 200, text: '<p>ok</p>', charset: 'utf-8' });
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^raqib\/\S+ \(news monitor/);
    expect(server.requests[0]?.headers['accept-language']).toBeDefined();
    expect(server.requests[0]?.headers['accept-encoding']).toContain('br');
  });

  it('refuses a 20 MB body, declared or chunked, and a gzip bomb', async () => {
    const client = fixture.newClient({ maxBytes: 1024 * 1024 });
    for (const path of ['/huge', '/huge-chunked', '/bomb']) {
      const error = await fetchError(client.fetchText(server.url(path), localPolicy()));
      expect(error.fetchCode, path).toBe('too-large');
    }
  });

  it('aborts a slow drip at the total timeout', async () => {
    const client = fixture.newClient({ timeoutMs: 700 });
    const error = await fetchError(client.fetchText(server.url('/drip'), localPolicy()));
    expect(error.fetchCode).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('stops a redirect loop and a long redirect chain', async () => {
    const client = fixture.newClient({ maxRedirects: 3 });
    expect((await fetchError(client.fetchText(server.url('/loop-a'), localPolicy()))).fetchCode).toBe(
      'redirect-loop',
    );
    const chain = await fetchError(client.fetchText(server.url('/chain/0'), localPolicy()));
    expect(chain.fetchCode).toBe('too-many-redirects');
    expect(server.requests.filter((r) => r.path.startsWith('/chain/'))).toHaveLength(4);
  });

  it('refuses a redirect to a host outside the allowed hosts', async () => {
    redirectTarget = `http://localhost:${server.port}/ok`;
    const client = fixture.newClient();
    const error = await fetchError(client.fetchText(server.url('/to-target'), localPolicy()));
    expect(error.fetchCode).toBe('host-not-allowed');
    expect(server.requests.map((r) => r.path)).toEqual(['/to-target']);
  });

  it('refuses a redirect to a private address, though the first host was allowed', async () => {
    // 127.0.0.1 plays a public site here (trustedAddresses); the redirect goes to another loopback address.
    redirectTarget = `http://127.0.0.2:${server.port}/ok`;
    const client = fixture.newClient({ trustedAddresses: ['127.0.0.1'] });
    const policy = localPolicy({ allowPrivateAddresses: false, allowedHosts: ['127.0.0.1', '127.0.0.2'] });
    expect(await client.fetchText(server.url('/ok'), policy)).toMatchObject({ kind: 'ok' });
    const error = await fetchError(client.fetchText(server.url('/to-target'), policy));
    expect(error.fetchCode).toBe('private-address');
  });

  it('refuses private addresses, literal or resolved, unless the policy allows them', async () => {
    const client = fixture.newClient();
    const strict = localPolicy({ allowPrivateAddresses: false, allowedHosts: ['127.0.0.1', 'localhost'] });
    expect((await fetchError(client.fetchText(server.url('/ok'), strict))).fetchCode).toBe('private-address');
    const viaDns = await fetchError(client.fetchText(`http://localhost:${server.port}/ok`, strict));
    expect(viaDns.fetchCode).toBe('private-address');
    expect(server.requests).toHaveLength(0);
    const open = localPolicy({ allowedHosts: ['localhost'] });
    expect(await client.fetchText(`http://localhost:${server.port}/ok`, open)).toMatchObject({ kind: 'ok' });
  });

  it('reports status errors, non-text bodies and bad URLs with codes', async () => {
    const client = fixture.newClient();
    const missing = await fetchError(client.fetchText(server.url('/missing'), localPolicy()));
    expect(missing).toMatchObject({ fetchCode: 'http-status', status: 404, retryable: false });
    expect((await fetchError(client.fetchText(server.url('/image'), localPolicy()))).fetchCode).toBe(
      'decode',
    );
    expect((await fetchError(client.fetchText('ftp://x/y', localPolicy()))).fetchCode).toBe('invalid-url');
    expect((await fetchError(client.fetchText('not a url', localPolicy()))).fetchCode).toBe('invalid-url');
  });
});
