/**
 * `raqib sources add <url>` against constructed outlets on 127.0.0.1 through the real HTTP client (robots.txt,
 * politeness and host rules on Redis): feeds linked from the page or at a common path, sitemaps named in robots.txt
 * or at /sitemap.xml, listing selectors from repeated blocks, one extracted article, and the YAML it writes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { parseSourceFile } from '../../../src/config/sources.js';
import { addAddCommand, formatDiscoveryReport } from '../../../src/console/cli/commands/sources-add.js';
import { createHttpClient, type RaqibHttpClient } from '../../../src/fetch/http/http-client.js';
import { crawlSource } from '../../../src/fetch/crawl-source.js';
import { discoverSource, sourceIdFromUrl } from '../../../src/operate/discover-source.js';
import { startFixtureOutlet, type FixtureOutlet, type OutletSpec } from '../../helpers/fixture-outlet.js';

const AR_PARAGRAPHS = [
  'أعلنت وزارة الدفاع العراقية اليوم أن القوات الأمريكية بدأت الانسحاب من قاعدة عين الأسد الجوية في محافظة الأنبار، في إطار الاتفاق الموقع بين بغداد وواشنطن.',
  'وقال المتحدث باسم الوزارة إن عملية التسليم ستتم على مراحل وستنتهي قبل نهاية العام المقبل، مؤكداً أن القوات العراقية جاهزة لتولي المسؤولية الكاملة.',
  'وأضاف أن التحالف الدولي سيحتفظ بعدد محدود من المستشارين في إقليم كردستان حتى إشعار آخر، بحسب ما نصت عليه المذكرة المشتركة.',
];
const EN_PARAGRAPHS = [
  'The United States began withdrawing troops from Ain al-Asad air base in Anbar province on Wednesday, Iraqi defence officials said, under the agreement reached between Baghdad and Washington last year.',
  'The handover will be completed in stages before the end of next year, a ministry spokesman told reporters, adding that Iraqi forces were ready to take full responsibility for the base.',
  'A limited number of coalition advisers will remain in the Kurdistan Region until further notice, according to the joint memorandum signed by both governments.',
];

const arabic: OutletSpec = {
  lang: 'ar',
  title: 'أخبار الرافدين',
  block: { tag: 'div', cls: 'news-card' },
  feedPath: '/feeds/latest.xml',
  linkFeed: true,
  sitemapPath: '/sitemaps/news.xml',
  sitemapInRobots: true,
  articles: [
    ['/ar/news/20250910/انسحاب-القوات-الأمريكية-من-عين-الأسد', 'انسحاب القوات الأمريكية من قاعدة عين الأسد'],
    ['/ar/news/20250910/التحالف-يسلم-مقرا-للجيش', 'التحالف الدولي يسلم مقراً جديداً للجيش العراقي'],
    ['/ar/news/20250909/جدول-زمني-للانسحاب', 'الحكومة تعلن الجدول الزمني لانسحاب قوات التحالف'],
    ['/ar/news/20250909/مستشارون-في-كردستان', 'مستشارون أمريكيون يبقون في إقليم كردستان العراق'],
  ].map(([path, title], k) => ({
    path: path!,
    title: title!,
    published: `2025-09-${k < 2 ? '10' : '09'}T0${8 - k}:00:00Z`,
    paragraphs: AR_PARAGRAPHS,
  })),
};

const english: OutletSpec = {
  lang: 'en',
  title: 'Tigris Times',
  block: { tag: 'li', cls: 'story' },
  feedPath: '/rss.xml',
  linkFeed: false,
  sitemapPath: '/sitemap.xml',
  sitemapInRobots: false,
  articles: [
    ['/world/2025/09/10/us-troops-begin-leaving-ain-al-asad', 'US troops begin leaving Ain al-Asad air base'],
    ['/world/2025/09/10/coalition-hands-over-baghdad-hq', 'Coalition hands over its Baghdad headquarters'],
    ['/world/2025/09/09/drawdown-timeline-confirmed', 'Drawdown timeline confirmed by Iraqi government'],
  ].map(([path, title], k) => ({
    path: path!,
    title: title!,
    published: `2025-09-10T0${7 - k}:00:00Z`,
    paragraphs: EN_PARAGRAPHS,
  })),
};

/** No feed, no sitemap, two headlines: nothing to write. */
const bare: OutletSpec = {
  lang: 'en',
  title: 'Bare Blog',
  block: { tag: 'div', cls: 'post' },
  articles: english.articles.slice(0, 2),
};

describe('sources add', () => {
  let redis: Redis;
  let http: RaqibHttpClient;
  const outlets: FixtureOutlet[] = [];
  const prefix = `test-sources-add-${process.pid}-${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'raqib-sources-add-'));

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'));
    http = createHttpClient({ redis, keyPrefix: prefix, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await http.close();
    for (const o of outlets) await o.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (spec: OutletSpec) => {
    const outlet = await startFixtureOutlet(spec);
    outlets.push(outlet);
    return outlet;
  };
  const discover = (origin: string, id: string) =>
    discoverSource(`${origin}/`, http, { id, minDelayMs: 0, allowPrivateAddresses: true });

  it('finds the linked feed, the robots.txt news sitemap and the repeated blocks of an Arabic outlet', async () => {
    const outlet = await start(arabic);
    const report = await discover(outlet.origin, 'rafidain');
    expect(report.language).toBe('ar');
    expect(report.name).toBe('أخبار الرافدين');
    expect(report.chosen.map((l) => [l.type, l.url])).toEqual([
      ['feed', `${outlet.origin}/feeds/latest.xml`],
      ['sitemap', `${outlet.origin}/sitemaps/news.xml`],
      ['listing', `${outlet.origin}/`],
    ]);
    const byType = (type: string) => report.trials.find((t) => t.layer.type === type && t.ok)!;
    expect(byType('feed').foundBy).toBe('linked from the page');
    expect(byType('sitemap').foundBy).toBe('robots.txt');
    for (const type of ['feed', 'sitemap', 'listing']) {
      const t = byType(type);
      expect(t.count, type).toBe(4);
      expect(t.sample.map((s) => s.title).sort(), type).toEqual(arabic.articles.map((a) => a.title).sort());
      expect(
        t.sample.every((s) => s.publishedAt !== null),
        type,
      ).toBe(true);
    }
    const listing = report.chosen[2];
    expect(listing?.type === 'listing' && listing.selectors).toMatchObject({
      item: 'div.news-card',
      link: 'h3 a',
      title: 'h3',
      date: 'time',
      dateAttribute: 'datetime',
    });
    expect(report.article?.title).toContain('عين الأسد');
    expect(report.article?.words).toBeGreaterThan(40);
    expect(report.article?.text).toContain('القوات الأمريكية');
    // The YAML is a valid source that crawls the same entries.
    const source = parseSourceFile('selectors/rafidain.yaml', report.yaml!);
    expect(source.fetch.map((l) => l.type)).toEqual(['feed', 'sitemap', 'listing']);
    expect(source.language).toBe('ar');
    const crawl = await crawlSource({ ...source, politeness: { maxInFlight: 1, minDelay: 0 } }, { http });
    expect(crawl.layer).toBe('feed');
    expect(crawl.candidates).toHaveLength(4);
  }, 60_000);

  it('falls back to common feed and sitemap paths on an English outlet', async () => {
    const outlet = await start(english);
    const report = await discover(outlet.origin, 'tigris-times');
    expect(report.language).toBe('en');
    expect(report.chosen.map((l) => [l.type, l.url])).toEqual([
      ['feed', `${outlet.origin}/rss.xml`],
      ['sitemap', `${outlet.origin}/sitemap.xml`],
      ['listing', `${outlet.origin}/`],
    ]);
    const failedFeeds = report.trials.filter((t) => t.layer.type === 'feed' && !t.ok);
    expect(failedFeeds.map((t) => t.httpStatus)).toEqual([404, 404]); // /feed and /rss before /rss.xml
    const listing = report.chosen[2];
    expect(listing?.type === 'listing' && listing.selectors.item).toBe('li.story');
    expect(report.article?.words).toBeGreaterThan(40);
    expect(formatDiscoveryReport(report)).toMatch(
      /layers written, in fallback order: feed → sitemap → listing/,
    );
    expect(formatDiscoveryReport(report)).toContain('US troops begin leaving Ain al-Asad air base');
  }, 60_000);

  it('writes nothing when no layer yields entries, and says why', async () => {
    const outlet = await start(bare);
    const report = await discover(outlet.origin, 'bare-blog');
    expect(report.chosen).toEqual([]);
    expect(report.yaml).toBeNull();
    expect(report.problems).toContain('no feed, sitemap or listing yielded any entry');
    expect(formatDiscoveryReport(report)).toContain('nothing to write');
  }, 60_000);

  it('derives ids from hosts', () => {
    expect(sourceIdFromUrl('https://www.rudaw.net/arabic')).toBe('rudaw-net');
    expect(sourceIdFromUrl('https://964media.com/')).toBe('964media-com');
    expect(sourceIdFromUrl('http://127.0.0.1:8080/')).toBe('127-0-0-1');
    expect(sourceIdFromUrl('https://xn--mgbh0fb.example/')).toBe('xn-mgbh0fb-example');
  });

  it('the CLI writes selectors/<id>.yaml, refuses to overwrite it, prints YAML with --dry-run and JSON with --json', async () => {
    const outlet = await start(arabic);
    const saved = { ...process.env };
    process.env.SOURCES_DIR = dir;
    process.env.REDIS_URL = inject('redisUrl');
    process.env.LOG_LEVEL = 'error';
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args) => void out.push(args.join(' ')));
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const run = async (...args: string[]) => {
      const program = new Command().exitOverride();
      addAddCommand(program.command('sources'));
      out.length = 0;
      await program.parseAsync(
        ['sources', 'add', `${outlet.origin}/`, '--delay', '0', '--allow-private', ...args],
        {
          from: 'user',
        },
      );
      return out.join('\n');
    };
    try {
      const text = await run('--id', 'rafidain-cli');
      const file = join(dir, 'rafidain-cli.yaml');
      expect(text).toContain(`wrote ${file}`);
      const written = readFileSync(file, 'utf8');
      expect(parseSourceFile(file, written).fetch.map((l) => l.type)).toEqual(['feed', 'sitemap', 'listing']);
      await expect(run('--id', 'rafidain-cli')).rejects.toThrow(/exists: pass --force/);
      writeFileSync(file, 'name: kept\n');
      const dry = await run('--id', 'rafidain-cli', '--dry-run');
      expect(readFileSync(file, 'utf8')).toBe('name: kept\n');
      expect(dry).toContain('# selectors/rafidain-cli.yaml');
      expect(dry).toContain('type: sitemap');
      const json = JSON.parse(await run('--id', 'rafidain-json', '--json')) as {
        chosen: Array<{ type: string }>;
        file: string;
        yaml: string;
      };
      expect(json.chosen.map((l) => l.type)).toEqual(['feed', 'sitemap', 'listing']);
      expect(json.file).toBe(join(dir, 'rafidain-json.yaml'));
      expect(readFileSync(json.file, 'utf8')).toBe(json.yaml);
    } finally {
      log.mockRestore();
      err.mockRestore();
      process.env = saved;
    }
  }, 90_000);
});
