/**
 * The browser layer's private-address guard covers every request a page makes — scripts, stylesheets, fetch, XHR,
 * iframes, WebSockets, https tunnels and the redirect hops of each — not only the final navigation. 127.0.0.1 on the
 * outlet's port plays the public site (trusted, like an operator's `trustedAddresses`); 127.0.0.2 and 127.0.0.1 on
 * another port play internal services and must see no request. Skipped where chromium is missing.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createChromiumRenderer,
  DEFAULT_CHROMIUM_PATH,
} from '../../../src/fetch/browser/chromium-renderer.js';
import type { BrowserRenderer } from '../../../src/fetch/browser/browser-types.js';

interface Fixture {
  server: Server;
  port: number;
  hits: string[];
}

async function serve(
  host: string,
  handler: (path: string, fx: Fixture) => [number, Record<string, string>, string],
) {
  const fx = { hits: [] as string[] } as unknown as Fixture;
  fx.server = createServer((req, res) => {
    const path = req.url ?? '/';
    fx.hits.push(path);
    const [status, headers, body] = handler(path, fx);
    res.writeHead(status, headers).end(body);
  });
  fx.server.on('upgrade', (req, socket) => {
    fx.hits.push(`upgrade ${req.url ?? ''}`);
    socket.destroy();
  });
  await new Promise<void>((r) => fx.server.listen(0, host, r));
  fx.port = (fx.server.address() as AddressInfo).port;
  return fx;
}

const close = (fx: Fixture) =>
  new Promise<void>((r) => {
    fx.server.closeAllConnections();
    fx.server.close(() => r());
  });

describe.skipIf(!existsSync(DEFAULT_CHROMIUM_PATH))('browser layer address guard', () => {
  let internal: Fixture; // 127.0.0.2: a private service
  let sidePort: Fixture; // 127.0.0.1, another port: not trusted
  let outlet: Fixture;
  let renderer: BrowserRenderer;

  beforeAll(async () => {
    internal = await serve('127.0.0.2', () => [200, { 'content-type': 'text/plain' }, 'internal secret']);
    sidePort = await serve('127.0.0.1', () => [200, { 'content-type': 'text/plain' }, 'side secret']);
    const inside = `http://127.0.0.2:${internal.port}`;
    outlet = await serve('127.0.0.1', (path) => {
      if (path === '/redirect-xhr') return [302, { location: `${inside}/via-redirect-xhr` }, ''];
      if (path === '/redirect-frame') return [302, { location: `${inside}/via-redirect-frame` }, ''];
      if (path === '/redirect-script')
        return [301, { location: `http://localhost:${sidePort.port}/via-name` }, ''];
      if (path === '/go-inside') return [302, { location: `${inside}/navigated` }, ''];
      if (path === '/plain')
        return [
          200,
          { 'content-type': 'text/html; charset=utf-8' },
          '<html><body><h1 id="done">أخبار</h1></body></html>',
        ];
      return [
        200,
        { 'content-type': 'text/html; charset=utf-8' },
        `<!doctype html><html><head>
<link rel="stylesheet" href="${inside}/style.css">
<script src="${inside}/script.js"></script>
<script src="/redirect-script"></script>
</head><body><article class="card"><a href="/news/1">US forces leave Ain al-Asad</a></article>
<iframe src="${inside}/frame"></iframe><iframe src="/redirect-frame"></iframe>
<script>
  const tries = [
    fetch('${inside}/fetch'),
    fetch('/redirect-xhr'),
    fetch('http://localhost:${sidePort.port}/by-name'),
    fetch('http://[::1]:${sidePort.port}/v6'),
    fetch('http://169.254.169.254/latest/meta-data/'),
    fetch('http://10.0.0.1/admin'),
    fetch('https://127.0.0.2:${internal.port}/tls'),
    new Promise((done) => { const x = new XMLHttpRequest(); x.onloadend = done; x.open('GET', '${inside}/xhr'); x.send(); }),
    new Promise((done) => { const ws = new WebSocket('ws://127.0.0.2:${internal.port}/ws'); ws.onerror = done; ws.onclose = done; }),
  ];
  Promise.allSettled(tries).then(() => setTimeout(() => {
    const d = document.createElement('p'); d.id = 'done'; d.textContent = 'انتهى'; document.body.append(d);
  }, 300));
</script></body></html>`,
      ];
    });
    renderer = createChromiumRenderer({ trustedAddresses: [`127.0.0.1:${outlet.port}`] });
  });
  afterAll(async () => {
    await renderer.close();
    await Promise.all([internal, sidePort, outlet].map(close));
  });

  const base = () => `http://127.0.0.1:${outlet.port}`;
  const opts = { allowedHosts: ['127.0.0.1'], waitFor: '#done', timeoutMs: 20_000 };

  it('refuses every page-made request to a non-public address, and the page still renders', async () => {
    const page = await renderer.render(`${base()}/`, opts);
    expect(page.html).toContain('US forces leave Ain al-Asad');
    expect(page.html).toContain('انتهى');
    expect(internal.hits).toEqual([]);
    expect(sidePort.hits).toEqual([]);
    const blocked = page.blocked.join('\n');
    for (const target of [
      `127.0.0.2:${internal.port}`,
      `localhost:${sidePort.port}`,
      `[::1]:${sidePort.port}`,
      '169.254.169.254',
      '10.0.0.1',
    ])
      expect(blocked, target).toContain(target);
    // The outlet's own requests (the page, its redirects) went through.
    expect(outlet.hits).toEqual(
      expect.arrayContaining(['/', '/redirect-xhr', '/redirect-frame', '/redirect-script']),
    );
  }, 60_000);

  it('refuses a navigation redirected to a private address', async () => {
    await expect(
      renderer.render(`${base()}/go-inside`, { ...opts, waitFor: undefined }),
    ).rejects.toMatchObject({
      fetchCode: 'private-address',
    });
    expect(internal.hits).toEqual([]);
  }, 60_000);

  it('a page with only public requests renders with nothing refused', async () => {
    const page = await renderer.render(`${base()}/plain`, opts);
    expect(page.html).toContain('أخبار');
    expect(page.blocked).toEqual([]);
  }, 60_000);

  it('a source with allowPrivateAddresses reaches them (the guard is what stopped them)', async () => {
    const page = await renderer.render(`${base()}/`, { ...opts, allowPrivateAddresses: true });
    expect(page.blocked).toEqual([]);
    expect(internal.hits).toEqual(expect.arrayContaining(['/fetch', '/via-redirect-xhr', '/frame', '/xhr']));
    expect(sidePort.hits).toEqual(expect.arrayContaining(['/by-name']));
  }, 60_000);
});
