/** A 127.0.0.1 server for one source's fixtures (by manifest path), with switches to break paths. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFixture, readManifest } from './fixture-http.js';

export interface LocalFixtureServer {
  origin: string;
  /** Path (+query) → what to answer instead of the fixture. */
  overrides: Map<string, { status: number; body: string; type?: string }>;
  close(): Promise<void>;
}

export async function startLocalFixtureServer(
  sourceId: string,
  extra: Record<string, string> = {},
): Promise<LocalFixtureServer> {
  const manifest = readManifest(sourceId);
  const overrides: LocalFixtureServer['overrides'] = new Map();
  const server = createServer((req, res) => {
    const key = req.url ?? '/';
    const override = overrides.get(key);
    if (override) {
      res.writeHead(override.status, { 'content-type': override.type ?? 'text/html; charset=utf-8' });
      res.end(override.body);
      return;
    }
    if (extra[key] !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(extra[key]);
      return;
    }
    const file = manifest[key];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': file.endsWith('.xml') ? 'application/xml; charset=utf-8' : 'text/html; charset=utf-8',
    });
    res.end(readFixture(sourceId, file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, overrides, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
