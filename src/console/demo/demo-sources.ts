/** Points configured sources at the demo fixture server: local URLs, private addresses allowed, quick pacing. */
import type { Source } from '../../config/source-schema.js';
import type { FixtureServer } from './fixture-server.js';

export function demoSources(
  sources: Source[],
  server: FixtureServer,
  routedSourceIds: Set<string>,
): Source[] {
  return sources
    .filter((s) => routedSourceIds.has(s.id))
    .map((source) => ({
      ...source,
      enabled: true,
      interval: 30_000,
      allowPrivateAddresses: true,
      allowedHosts: [...source.allowedHosts, '127.0.0.1'],
      politeness: { maxInFlight: 4, minDelay: 50 },
      fetch: source.fetch.map((layer) => ({ ...layer, url: server.localUrl(layer.url) })),
      // Link patterns name the real hosts; served URLs are local. The contract test checks patterns on real URLs.
      article: { ...source.article, linkPattern: undefined, linkExclude: undefined },
      ...(source.homepage ? { homepage: server.localUrl(source.homepage) } : {}),
      notes: `${source.notes ?? ''}\n[demo] served from ${server.origin}`.trim(),
    }));
}
