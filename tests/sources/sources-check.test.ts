/**
 * `raqib sources check` through the real HTTP client (real Redis) against a local server: the report shows each
 * layer and the chain switching when the feed breaks.
 */
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSourceFile } from '../../src/config/sources.js';
import { checkSource, formatCheckReport } from '../../src/console/cli/commands/sources.js';
import { createHttpClient } from '../../src/fetch/http/http-client.js';
import { startLocalFixtureServer, type LocalFixtureServer } from './local-fixture-server.js';

let server: LocalFixtureServer;
let redis: Redis;
const prefix = `test-sources-check-${process.pid}-${Date.now()}`;

beforeAll(async () => {
  server = await startLocalFixtureServer('sputnik-arabic');
  redis = new Redis(inject('redisUrl'));
});
afterAll(async () => {
  await server.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

function localSource(extra = '') {
  return parseSourceFile(
    'selectors/sputnik-local.yaml',
    `name: local
language: ar
allowPrivateAddresses: true
allowedHosts: [sarabic.ae]
politeness: { minDelay: 10ms }
${extra}fetch:
  - type: feed
    url: ${server.origin}/export/rss2/archive/index.xml
  - type: listing
    url: ${server.origin}/services/arab_world/more.html
    selectors: { item: .list__item, link: a.list__title, title: a.list__title, date: '[data-unixtime]', dateAttribute: data-unixtime }
article:
  linkPattern: '^/\\d{8}/.+\\.html$'
`,
  );
}

describe('sources check', () => {
  it('shows both layers working and picks the feed, then the listing once the feed breaks', async () => {
    const http = createHttpClient({ redis, keyPrefix: prefix, logger: pino({ level: 'silent' }) });
    try {
      const healthy = await checkSource(localSource(), { http });
      expect(healthy.layers.map((l) => [l.layer, l.ok, l.count])).toEqual([
        ['feed', true, 2],
        ['listing', true, 2],
      ]);
      expect(healthy.chainPicks).toBe(0);
      expect(healthy.layers[0]?.sample[0]?.url).toMatch(/^https:\/\/sarabic\.ae\/20250823\//);

      server.overrides.set('/export/rss2/archive/index.xml', {
        status: 200,
        body: '<html><title>Just a moment...</title></html>',
      });
      const broken = await checkSource(localSource(), { http });
      expect(broken.chainPicks).toBe(1);
      expect(broken.layers[0]?.error).toMatch(/not an RSS/);
      const text = formatCheckReport(broken);
      expect(text).toMatch(/→ \[1\] listing/);
      expect(text).toMatch(/chain would use layer 1 \(listing\)/);
    } finally {
      server.overrides.clear();
      await http.close();
    }
  });

  it('shows a robots.txt override with its stated reason (text and JSON report)', async () => {
    const http = createHttpClient({ redis, keyPrefix: prefix, logger: pino({ level: 'silent' }) });
    try {
      const plain = await checkSource(localSource(), { http, sampleSize: 0 });
      expect(plain.robots).toEqual({ obey: true, overrideReason: null });
      expect(formatCheckReport(plain)).not.toContain('robots.txt NOT obeyed');
      const reason = 'outlet allowed raqib in writing; its robots.txt blocks every agent';
      const report = await checkSource(
        localSource(`robots: { obey: false, overrideReason: '${reason}' }\n`),
        {
          http,
          sampleSize: 0,
        },
      );
      expect(report.robots).toEqual({ obey: false, overrideReason: reason });
      expect(formatCheckReport(report).split('\n')[1]).toBe(`robots.txt NOT obeyed: ${reason}`);
    } finally {
      await http.close();
    }
  });
});
