/**
 * A fake HttpClient that serves a source's fixtures by URL path through its manifest.json, ignoring the host (the
 * same lookup a local demo server does). Unknown paths answer 404 as a FetchError.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FetchError } from '../../src/fetch/http/fetch-error.js';
import type { FetchTextResult, HttpClient } from '../../src/fetch/http/http-types.js';

export const FIXTURES_DIR = join(import.meta.dirname, '../fixtures/sources');

/** The manifest of one source: URL path (+ query) → file name in tests/fixtures/sources/<id>/. */
export function readManifest(sourceId: string): Record<string, string> {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, sourceId, 'manifest.json'), 'utf8')) as Record<
    string,
    string
  >;
}

/** Text of a fixture file (gunzipped when it ends in .gz). */
export function readFixture(sourceId: string, file: string): string {
  const bytes = readFileSync(join(FIXTURES_DIR, sourceId, file));
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The manifest key of a URL: its path plus query, as a server receives them. */
export function manifestKey(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

export interface FixtureHttpClient extends HttpClient {
  /** URLs requested, in order. */
  requested: string[];
  /** Paths to answer with a failure instead (simulate a broken layer). */
  broken: Set<string>;
}

export function createFixtureHttpClient(sourceId: string): FixtureHttpClient {
  const manifest = readManifest(sourceId);
  const client: FixtureHttpClient = {
    requested: [],
    broken: new Set(),
    fetchText(url): Promise<FetchTextResult> {
      client.requested.push(url);
      const key = manifestKey(url);
      const file = manifest[key];
      if (client.broken.has(key))
        return Promise.reject(new FetchError('http-status', url, 'HTTP 503', { status: 503 }));
      if (!file) return Promise.reject(new FetchError('http-status', url, 'HTTP 404', { status: 404 }));
      const text = readFixture(sourceId, file);
      return Promise.resolve({
        kind: 'ok',
        url,
        finalUrl: url,
        status: 200,
        contentType: null,
        text,
        bytes: Buffer.byteLength(text),
        charset: 'utf-8',
      });
    },
    close: () => Promise.resolve(),
  };
  return client;
}
