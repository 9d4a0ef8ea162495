/**
 * A robots.txt over the size cap is parsed up to the cap (RFC 9309 §2.5: at least 500 KiB), not treated as absent
 * (which allowed everything): plain, chunked, gzip-compressed and with a false Content-Length.
 */
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClientFixture, localPolicy, type ClientFixture } from './client-fixture.js';
import { startLocalServer, type LocalServer } from './local-server.js';

const KIB = 1024;
const comments = (bytes: number) => `# ${'padding '.repeat(Math.ceil(bytes / 8))}\n`;

describe('robots.txt over the size cap', () => {
  let fixture: ClientFixture;
  let server: LocalServer;
  let robots = '';
  let mode: 'plain' | 'chunked' | 'gzip' = 'plain';

  beforeEach(async () => {
    fixture = createClientFixture();
    mode = 'plain';
    server = await startLocalServer((req, res) => {
      const path = decodeURIComponent(req.url ?? '/');
      if (path === '/robots.txt') {
        if (mode === 'gzip') {
          const body = gzipSync(robots);
          return void res
            .writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })
            .end(body);
        }
        if (mode === 'chunked') {
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          for (let i = 0; i < robots.length; i += 64 * KIB) res.write(robots.slice(i, i + 64 * KIB));
          return void res.end();
        }
        return void res
          .writeHead(200, {
            'content-type': 'text/plain; charset=utf-8',
            'content-length': Buffer.byteLength(robots),
          })
          .end(robots);
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>page</p>');
    });
  });
  afterEach(async () => {
    await server.close();
    await fixture.cleanup();
  });

  const obeying = localPolicy({ obeyRobots: true });
  const outcome = async (path: string) => {
    try {
      return (await fixture.newClient().fetchText(server.url(path), obeying)).kind;
    } catch (error) {
      return (error as { fetchCode?: string }).fetchCode;
    }
  };

  it.each(['plain', 'chunked', 'gzip'] as const)(
    'obeys the rules at the top of a 2 MB file sent %s',
    async (how) => {
      mode = how;
      robots = `User-agent: *\nDisallow: /private/\nDisallow: /ar/خاص/\n${comments(2048 * KIB)}`;
      expect(await outcome('/private/1')).toBe('robots-disallowed');
      expect(await outcome(`/ar/${encodeURIComponent('خاص')}/1`)).toBe('robots-disallowed');
      expect(await outcome('/news/1')).toBe('ok');
      expect(server.requests.filter((r) => r.path === '/private/1')).toHaveLength(0);
    },
  );

  it('obeys a group for our token placed after 400 KiB of comments', async () => {
    robots = `${comments(400 * KIB)}User-agent: raqib\nDisallow: /\n${comments(1024 * KIB)}`;
    expect(await outcome('/news/1')).toBe('robots-disallowed');
  });

  it('ignores rules past the cap and a rule cut in half at the cap', async () => {
    const head = `User-agent: *\nDisallow: /a/\n`;
    const pad = comments(511 * KIB - head.length);
    const cut = 'Disallow: /news/older-items/\n';
    // The cap falls inside `cut`: its first 15 bytes alone ("Disallow: /news") would block /news/1.
    const filler = '#'.repeat(512 * KIB - head.length - pad.length - 16);
    robots = `${head}${pad}${filler}\n${cut}Disallow: /later/\n${comments(600 * KIB)}`;
    expect(Buffer.byteLength(robots)).toBeGreaterThan(512 * KIB);
    expect(await outcome('/a/1')).toBe('robots-disallowed');
    expect(robots.indexOf(cut)).toBe(512 * KIB - 15);
    expect(await outcome('/news/1')).toBe('ok');
    expect(await outcome('/later/1')).toBe('ok');
  });
});
