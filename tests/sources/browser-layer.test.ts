/**
 * The browser layer with Debian chromium: a page whose items are built by a script is invisible to the listing
 * parser but read by the renderer. Skipped where /usr/bin/chromium is missing.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSourceFile } from '../../src/config/sources.js';
import { createChromiumRenderer, DEFAULT_CHROMIUM_PATH } from '../../src/fetch/browser/chromium-renderer.js';
import { crawlSource } from '../../src/fetch/crawl-source.js';
import { FetchError } from '../../src/fetch/http/fetch-error.js';
import type { HttpClient } from '../../src/fetch/http/http-types.js';
import { startLocalFixtureServer, type LocalFixtureServer } from './local-fixture-server.js';

const JS_PAGE = `<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"></head><body><div id="root"></div>
<img src="/big.png"><script>setTimeout(() => {
  document.getElementById('root').innerHTML = '<a class="card__link" href="/القوات-تغادر"><h3 class="card__title">القوات تغادر</h3></a>';
}, 50);</script></body></html>`;

const noHttp: HttpClient = {
  fetchText: (url) => Promise.reject(new FetchError('network', url, 'no http in this test')),
  close: () => Promise.resolve(),
};

describe.skipIf(!existsSync(DEFAULT_CHROMIUM_PATH))('browser layer', () => {
  let server: LocalFixtureServer;
  const renderer = createChromiumRenderer();
  beforeAll(async () => {
    server = await startLocalFixtureServer('newsalist', { '/js': JS_PAGE });
  });
  afterAll(async () => {
    await renderer.close();
    await server.close();
  });

  it('renders a script-built listing with one reused page, and refuses a foreign host', async () => {
    const source = parseSourceFile(
      'selectors/js.yaml',
      `name: js
language: ar
allowPrivateAddresses: true
fetch:
  - type: listing
    url: ${server.origin}/js
    selectors: { item: a.card__link, title: .card__title }
  - type: browser
    url: ${server.origin}/js
    waitFor: a.card__link
    selectors: { item: a.card__link, title: .card__title }
`,
    );
    const http: HttpClient = {
      fetchText: async (url) => {
        const res = await fetch(url);
        const text = await res.text();
        return {
          kind: 'ok',
          url,
          finalUrl: url,
          status: res.status,
          contentType: null,
          text,
          bytes: text.length,
          charset: 'utf-8',
        };
      },
      close: () => Promise.resolve(),
    };
    const out = await crawlSource(source, { http, browser: renderer });
    expect(out.attempts.map((a) => [a.layer, a.ok])).toEqual([
      ['listing', false],
      ['browser', true],
    ]);
    expect(out.layer).toBe('browser');
    expect(out.candidates).toEqual([
      expect.objectContaining({
        title: 'القوات تغادر',
        url: `${server.origin}/%D8%A7%D9%84%D9%82%D9%88%D8%A7%D8%AA-%D8%AA%D8%BA%D8%A7%D8%AF%D8%B1`,
      }),
    ]);

    // Second render on the same page (reuse) still works.
    const again = await crawlSource(
      { ...source, fetch: [source.fetch[1]!] },
      { http: noHttp, browser: renderer },
    );
    expect(again.layer).toBe('browser');

    const foreign = await crawlSource(
      { ...source, allowedHosts: ['example.org'], fetch: [source.fetch[1]!] },
      { http: noHttp, browser: renderer },
    );
    expect(foreign.layer).toBeNull();
    expect(foreign.attempts[0]?.error).toMatch(/not allowed/);
  });
});
