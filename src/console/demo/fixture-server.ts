/**
 * The demo's local web server: serves each source's recorded or constructed fixtures
 * (tests/fixtures/sources/<id>/manifest.json maps URL paths to files) on 127.0.0.1, under
 * `/h/<original host>/<path>`. Absolute links to the outlets inside served files are rewritten to this server,
 * so the real pipeline follows them without the network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { BodyFiller } from './real-bodies.js';

interface Route {
  file: string;
  contentType: string;
}

export interface FixtureServer {
  origin: string;
  /** Rewrite an outlet URL to this server (unchanged if its host is not served). */
  localUrl(url: string): string;
  hosts: string[];
  close(): Promise<void>;
}

const TYPES: Array<[RegExp, string]> = [
  [/\.(xml|rss|atom)(\.gz)?$/, 'application/xml; charset=utf-8'],
  [/\.json(\.gz)?$/, 'application/json; charset=utf-8'],
  [/\.txt$/, 'text/plain; charset=utf-8'],
];

function contentTypeFor(file: string): string {
  return TYPES.find(([re]) => re.test(file))?.[1] ?? 'text/html; charset=utf-8';
}

const decodePath = (path: string) => {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

/** Load `<fixturesDir>/<sourceId>/manifest.json` for each source into routes keyed by host + decoded path. */
export function loadFixtureRoutes(
  fixturesDir: string,
  sources: Array<{ id: string; allowedHosts: string[] }>,
) {
  const routes = new Map<string, Route>();
  for (const source of sources) {
    const manifestPath = join(fixturesDir, source.id, 'manifest.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>;
    for (const [path, file] of Object.entries(manifest)) {
      const full = join(fixturesDir, source.id, file);
      for (const host of source.allowedHosts) {
        routes.set(`${host}${decodePath(path)}`, { file: full, contentType: contentTypeFor(file) });
      }
    }
  }
  return routes;
}

/** The files the routes serve (for {@link createBodyFiller}). */
export const routeFiles = (routes: Map<string, Route>) => [
  ...new Set([...routes.values()].map((r) => r.file)),
];

export async function startFixtureServer(
  routes: Map<string, Route>,
  hosts: string[],
  port = 0,
  options: { filler?: BodyFiller } = {},
): Promise<FixtureServer> {
  let origin = '';
  const hostPattern = hosts.length
    ? new RegExp(
        `https?://(${hosts.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=[/"'?#<\\s]|$)`,
        'g',
      )
    : null;
  const rewrite = (text: string) =>
    hostPattern ? text.replace(hostPattern, (_m, host: string) => `${origin}/h/${host}`) : text;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
      return;
    }
    const match = /^\/h\/([^/]+)(\/.*)$/.exec(url.pathname);
    // Root-relative links resolved against this server lose the /h/<host> prefix: look the path up on every host.
    const keys = match
      ? [`${match[1]}${decodePath(match[2] ?? '/')}`]
      : hosts.map((host) => `${host}${decodePath(url.pathname)}`);
    const route = keys
      .map((key) => routes.get(key + url.search) ?? routes.get(key))
      .find((r) => r !== undefined);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not in the demo fixtures');
      return;
    }
    let body = readFileSync(route.file);
    if (route.file.endsWith('.gz')) body = gunzipSync(body);
    const raw = body.toString('utf8');
    const text = rewrite(options.filler ? options.filler.fill(raw, route.file) : raw);
    res.writeHead(200, { 'content-type': route.contentType, 'cache-control': 'no-cache' }).end(text);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hosts,
    localUrl: (url: string) => rewrite(url),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
