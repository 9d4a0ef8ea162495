/**
 * The dashboard's /sources/add: the form, the cross-site refusal, the refusal of private addresses through the
 * pipeline's HTTP client, and the report with the YAML to save for a constructed outlet.
 */
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSourceFile } from '../../../src/config/sources.js';
import { createDashboardApp, type DashboardDeps } from '../../../src/console/web/app.js';
import { renderDiscoveryReport } from '../../../src/console/web/pages/add-source-page.js';
import { createHttpClient, type RaqibHttpClient } from '../../../src/fetch/http/http-client.js';
import { discoverSource } from '../../../src/operate/discover-source.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { startFixtureOutlet, type FixtureOutlet } from '../../helpers/fixture-outlet.js';

const TITLES = [
  'انسحاب القوات الأمريكية من قاعدة عين الأسد <script>',
  'التحالف الدولي يسلم مقراً جديداً للجيش العراقي',
  'الحكومة تعلن الجدول الزمني لانسحاب قوات التحالف',
];

describe('/sources/add', () => {
  let db: Db;
  let redis: Redis;
  let http: RaqibHttpClient;
  let outlet: FixtureOutlet;
  const prefix = `test-add-source-page-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    redis = new Redis(inject('redisUrl'));
    http = createHttpClient({ redis, keyPrefix: prefix, logger: pino({ level: 'silent' }) });
    outlet = await startFixtureOutlet({
      lang: 'ar',
      title: 'أخبار الرافدين',
      block: { tag: 'div', cls: 'news-card' },
      feedPath: '/rss.xml',
      linkFeed: true,
      articles: TITLES.map((title, k) => ({
        path: `/ar/news/2025091${k}/خبر-رقم-${k}-عن-الانسحاب`,
        title,
        published: `2025-09-1${k}T08:00:00Z`,
        paragraphs: [
          'أعلنت وزارة الدفاع العراقية اليوم أن القوات الأمريكية بدأت الانسحاب من قاعدة عين الأسد الجوية في محافظة الأنبار، في إطار الاتفاق الموقع بين بغداد وواشنطن.',
          'وقال المتحدث باسم الوزارة إن عملية التسليم ستتم على مراحل وستنتهي قبل نهاية العام المقبل، مؤكداً أن القوات العراقية جاهزة لتولي المسؤولية الكاملة.',
        ],
      })),
    });
  });
  afterAll(async () => {
    await outlet.close();
    await http.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await db.close();
  });

  const app = () =>
    createDashboardApp({
      db,
      http,
      sources: new Map(),
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
    } as unknown as DashboardDeps);
  const post = (body: string, origin = 'http://localhost') =>
    app().request('http://localhost/sources/add', {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });

  it('shows the form, linked from /sources', async () => {
    const res = await app().request('/sources/add?url=https%3A%2F%2Fwww.rudaw.net%2F');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('<form class="filters" method="post" action="/sources/add">');
    expect(text).toContain('value="https://www.rudaw.net/"');
    expect(await (await app().request('/sources')).text()).toContain('href="/sources/add"');
  });

  it('refuses cross-site posts, addresses that are not http(s), and private addresses', async () => {
    const cross = await post(`url=${encodeURIComponent(outlet.origin)}`, 'https://evil.example');
    expect(cross.status).toBe(403);
    for (const bad of ['', 'javascript:alert(1)', 'file:///etc/passwd', 'ftp://outlet.example/']) {
      const res = await post(`url=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
    }
    // The pipeline's client never reaches loopback for an operator-given address.
    const before = outlet.requested.length;
    const res = await post(`url=${encodeURIComponent(`${outlet.origin}/`)}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('Nothing to save');
    expect(text).toMatch(/private|loopback|not allowed/i);
    expect(outlet.requested.length).toBe(before);
  }, 60_000);

  it('shows each layer, one article and the YAML to save, escaped', async () => {
    const report = await discoverSource(`${outlet.origin}/`, http, {
      id: 'rafidain',
      minDelayMs: 0,
      allowPrivateAddresses: true,
    });
    const page = renderDiscoveryReport(report).value;
    expect(page).toContain('<tr data-layer="feed" data-ok="true">');
    expect(page).toContain('<tr data-layer="listing" data-ok="true">');
    expect(page).toMatch(/<tr data-layer="sitemap" data-ok="false">[\s\S]*?HTTP 404/);
    expect(page).toContain('&lt;script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).toContain('data-article');
    const yaml = /<pre id="source-yaml"[^>]*>([\s\S]*?)<\/pre>/.exec(page)?.[1];
    expect(yaml).toBeDefined();
    const unescaped = yaml!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    expect(parseSourceFile('selectors/rafidain.yaml', unescaped).fetch.map((l) => l.type)).toEqual([
      'feed',
      'listing',
    ]);
  }, 60_000);
});
