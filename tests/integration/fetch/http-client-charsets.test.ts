import { brotliCompressSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFixture, localPolicy, type ClientFixture } from './client-fixture.js';
import { startLocalServer, type LocalServer } from './local-server.js';

const ARABIC = 'بدء انسحاب القوات الأمريكية من قاعدة عين الأسد في العراق';

function page(charsetMeta: string): string {
  return `<!doctype html><html lang="ar" dir="rtl"><head>${charsetMeta}<title>خبر</title></head><body><h1>${ARABIC}</h1></body></html>`;
}

/** UTF-8 bytes read as windows-1256 and written back as UTF-8: what a misconfigured CMS serves. */
function mojibake(text: string): string {
  return new TextDecoder('windows-1256').decode(Buffer.from(text, 'utf8'));
}

const routes: Record<string, { type: string; body: Buffer; encoding?: string }> = {
  '/cp1256-header': { type: 'text/html; charset=windows-1256', body: iconv.encode(page(''), 'windows-1256') },
  '/cp1256-meta': {
    type: 'text/html',
    body: iconv.encode(page('<meta charset="windows-1256">'), 'windows-1256'),
  },
  '/cp1256-http-equiv': {
    type: 'text/html',
    body: iconv.encode(
      page('<meta http-equiv="Content-Type" content="text/html; charset=cp1256">'),
      'windows-1256',
    ),
  },
  '/cp1256-undeclared': { type: 'text/html', body: iconv.encode(page(''), 'windows-1256') },
  '/cp1256-lying': { type: 'text/html; charset=utf-8', body: iconv.encode(page(''), 'windows-1256') },
  '/iso-8859-6-xml': {
    type: 'application/xml',
    body: iconv.encode(
      `<?xml version="1.0" encoding="ISO-8859-6"?><rss><title>${ARABIC}</title></rss>`,
      'iso-8859-6',
    ),
  },
  '/mojibake': {
    type: 'text/html; charset=utf-8',
    body: Buffer.from(page('<meta charset="utf-8">').replace(ARABIC, mojibake(ARABIC))),
  },
  '/utf8-bom': {
    type: 'text/html; charset=windows-1256',
    body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page(''))]),
  },
  '/gzip': { type: 'text/html; charset=utf-8', body: gzipSync(Buffer.from(page(''))), encoding: 'gzip' },
  '/br': {
    type: 'text/html; charset=windows-1256',
    body: brotliCompressSync(iconv.encode(page(''), 'windows-1256')),
    encoding: 'br',
  },
};

describe('charset decoding over HTTP', () => {
  let fixture: ClientFixture;
  let server: LocalServer;

  beforeAll(async () => {
    fixture = createClientFixture();
    server = await startLocalServer((req, res) => {
      const route = routes[req.url ?? ''];
      if (!route) return void res.writeHead(404).end();
      const headers: Record<string, string> = { 'content-type': route.type };
      if (route.encoding) headers['content-encoding'] = route.encoding;
      res.writeHead(200, headers).end(route.body);
    });
  });

  afterAll(async () => {
    await server.close();
    await fixture.cleanup();
  });

  it.each([
    ['/cp1256-header', 'windows-1256'],
    ['/cp1256-meta', 'windows-1256'],
    ['/cp1256-http-equiv', 'windows-1256'],
    ['/cp1256-undeclared', 'windows-1256'],
    ['/cp1256-lying', 'windows-1256'],
    ['/iso-8859-6-xml', 'iso-8859-6'],
    ['/mojibake', 'utf-8 (repaired)'],
    ['/utf8-bom', 'utf-8'],
    ['/gzip', 'utf-8'],
    ['/br', 'windows-1256'],
  ])('%s comes out as correct Arabic (%s)', async (path, charset) => {
    const result = await fixture.newClient().fetchText(server.url(path), localPolicy());
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.text).toContain(ARABIC);
    expect(result.charset).toBe(charset);
  });

  it('a charset forced by the source wins', async () => {
    const result = await fixture
      .newClient()
      .fetchText(server.url('/cp1256-undeclared'), localPolicy({ charset: 'cp1256' }));
    expect(result.kind === 'ok' && result.text.includes(ARABIC)).toBe(true);
  });
});
