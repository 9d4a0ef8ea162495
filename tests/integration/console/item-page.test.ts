/**
 * /items/<id> and /stories/<id> without a browser: what was fetched and extracted, the decision against the
 * topic's thresholds, dedupe links, story members, deliveries and feedback; what is not stored says "not
 * recorded"; unknown ids get an HTML 404; /items?id= redirects to the item page; every list links to it.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp, type DashboardDeps } from '../../../src/console/web/app.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { reviseItem } from '../../../src/store/items-repo.js';
import { saveFeedback } from '../../../src/store/feedback-repo.js';

const NOW = new Date('2026-12-03T12:00:00Z');

describe('item and story pages', () => {
  let db: Db;
  let app: ReturnType<typeof createDashboardApp>;
  const get = async (path: string) => {
    const res = await app.request(path);
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      location: res.headers.get('location'),
      body: await res.text(),
    };
  };

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    const insert = (id: string, v: Record<string, unknown>) =>
      db.query(
        `insert into items (id, source_id, url, canonical_url, title, text, language, dir, score, decision, reasons,
           drop_reason, drop_kind, story_id, duplicate_of, topic_id, fetch_error, published_at, fetched_at)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,'iraq',$16,$17,$18)`,
        [
          id,
          v.source ?? 'rudaw-ar',
          v.url ?? `https://www.rudaw.net/arabic/${id}`,
          v.canonical ?? `https://www.rudaw.net/arabic/${id}?canonical`,
          v.title ?? null,
          v.text ?? null,
          v.lang ?? 'ar',
          v.lang === 'en' ? 'ltr' : 'rtl',
          v.score ?? null,
          v.decision ?? 'drop',
          JSON.stringify(v.reasons ?? []),
          v.dropReason ?? null,
          v.dropKind ?? null,
          v.story ?? null,
          v.duplicateOf ?? null,
          v.fetchError ?? null,
          v.published ?? null,
          v.fetched ?? '2026-12-03T10:00:00Z',
        ],
      );
    await db.query(
      `insert into stories (id, title, lang, decision, best_score, item_count) values ('st-1', 'انسحاب', 'ar', 'alert', 0.91, 3)`,
    );
    await insert('a-lead', {
      title: 'انسحاب القوات الأمريكية من قاعدة عين الأسد',
      text: 'بدأت القوات الأمريكية الانسحاب من قاعدة عين الأسد غرب العراق.',
      score: 0.91,
      decision: 'alert',
      story: 'st-1',
      reasons: [
        { kind: 'place', label: 'place: Ain al-Asad', weight: 0.4, match: 'عين الأسد' },
        { kind: 'event', label: 'event: withdrawal', weight: 0.35, match: 'انسحاب' },
      ],
      published: '2026-12-03T09:30:00Z',
    });
    await insert('a-dup', {
      title: 'انسحاب القوات الأمريكية من عين الأسد',
      story: 'st-1',
      duplicateOf: 'a-lead',
      dropReason: 'duplicate of a-lead',
      dropKind: 'duplicate',
    });
    await insert('e-low', {
      source: 'shafaq-en',
      url: 'https://shafaq.com/en/politics/budget',
      canonical: 'https://shafaq.com/en/politics/budget',
      lang: 'en',
      title: 'Parliament debates the 2027 budget',
      score: 0.12,
      decision: 'drop',
      dropReason: 'below threshold',
      dropKind: 'below-threshold',
      reasons: [{ kind: 'negative', label: 'negative: budget', weight: -0.2 }],
      fetchError: 'timeout: article page did not answer in 15 s',
    });
    await insert('e-member', {
      source: 'shafaq-en',
      lang: 'en',
      title: 'US forces begin leaving Ain al-Asad',
      score: 0.8,
      decision: 'alert',
      story: 'st-1',
    });
    await reviseItem(db, 'a-lead', {
      title: 'انسحاب القوات الأمريكية من قاعدة عين الأسد (محدث)',
      text: 'نص محدث',
      contentHash: 'h2',
      modifiedAt: '2026-12-03T11:00:00Z',
    });
    await db.query(
      `insert into deliveries (story_id, channel_id, item_id, nonce, state, discord_message_id, message_channel_id,
         attempts, last_error, content_version, posted_version, posted_at)
       values ('st-1', 'alerts-ar', 'a-lead', 'n1', 'posted', '1234567890', '555', 3, 'HTTP 429 retry after 2 s', 3, 3, now()),
              ('st-1', 'alerts-en', 'e-member', 'n2', 'failed', null, null, 5, 'HTTP 403 Missing Access', 1, 0, null)`,
    );
    await saveFeedback(db, { itemId: 'a-lead', label: 'relevant', source: 'discord', userId: 'u-42' });
    const deps = {
      db,
      logger: pino({ level: 'silent' }),
      now: () => NOW,
      sources: new Map([
        ['rudaw-ar', { id: 'rudaw-ar', name: 'روداو', language: 'ar' }],
        ['shafaq-en', { id: 'shafaq-en', name: 'Shafaq News', language: 'en' }],
      ]),
      topics: [{ id: 'iraq', thresholds: { alert: 0.7, digest: 0.45 } }],
      timeZone: 'Asia/Baghdad',
    } as unknown as DashboardDeps;
    app = createDashboardApp(deps);
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  it('shows an alert item: fetch, extraction, thresholds, story members, deliveries, feedback', async () => {
    const { status, body } = await get('/items/a-lead');
    expect(status).toBe(200);
    expect(body).toContain('https://www.rudaw.net/arabic/a-lead?canonical');
    expect(body).toContain('no fetch error recorded');
    // The threshold it was held against, read from the topic.
    expect(body).toMatch(/data-threshold="alert">0\.7</);
    expect(body).toMatch(/data-threshold="digest">0\.45</);
    expect(body).toContain('score 0.91 ≥ alert 0.7');
    expect(body).toContain('عين الأسد');
    // Revised: the current title and the earlier revision.
    expect(body).toContain('(محدث)');
    expect(body).toMatch(/Earlier revisions[\s\S]*انسحاب القوات الأمريكية من قاعدة عين الأسد</);
    // Story members link to their pages; the duplicate is listed as joined to this item.
    for (const id of ['a-dup', 'e-member']) expect(body).toContain(`href="/items/${id}"`);
    expect(body).toContain('href="/stories/st-1"');
    expect(body).toContain('1 later item joined this one');
    // Deliveries per channel with edits, retries and errors.
    expect(body).toContain('1234567890');
    expect(body).toContain('2 edits');
    expect(body).toContain('2 retries');
    expect(body).toContain('HTTP 403 Missing Access');
    expect(body).toContain('HTTP 429 retry after 2 s');
    expect(body).toMatch(/relevant — discord user\s*<code>u-42<\/code>/);
    // What the database does not keep is said so.
    expect(body).toMatch(/data-field="http-status">[\s\S]*?not recorded/);
    expect(body).toMatch(/data-field="date-source">[\s\S]*?not recorded/);
    // Times in the operator's zone (Asia/Baghdad is UTC+3) with the relative time beside them.
    expect(body).toMatch(/3 Dec 12:30</);
    expect(body).toContain('Times are shown in Asia/Baghdad (GMT+3)');
    expect(body).toContain('2 h ago');
  });

  it('explains a dropped item: below the digest threshold, negative evidence, failed article page', async () => {
    const { status, body } = await get('/items/e-low');
    expect(status).toBe(200);
    expect(body).toContain('score 0.12 &lt; digest 0.45: below both thresholds');
    expect(body).toContain('negative: budget');
    expect(body).toContain('timeout: article page did not answer in 15 s');
    expect(body).toContain('Not part of a story');
    const dup = await get('/items/a-dup');
    expect(dup.body).toMatch(/Dropped as a duplicate of\s*<a href="\/items\/a-lead">/);
  });

  it('redirects /items?id=, answers unknown ids with an HTML 404, and every list links to item pages', async () => {
    const redirect = await get('/items?id=a-dup');
    expect(redirect.status).toBe(301);
    expect(redirect.location).toBe('/items/a-dup');
    for (const path of ['/items/nope', '/stories/nope', '/items/%3Cscript%3E', '/no-such-page']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.type, path).toContain('text/html');
      expect(res.body, path).toContain('data-role="not-found"');
      expect(res.body, path).not.toContain('<script>');
    }
    const list = await get('/items');
    for (const id of ['a-lead', 'a-dup', 'e-low', 'e-member'])
      expect(list.body).toContain(`href="/items/${id}"`);
    expect(list.body).toContain('4 items match');
    const story = await get('/stories/st-1');
    expect(story.status).toBe(200);
    for (const id of ['a-lead', 'a-dup', 'e-member']) expect(story.body).toContain(`href="/items/${id}"`);
    const stories = await get('/stories');
    expect(stories.body).toContain('1 story match');
    expect(stories.body).toContain('href="/stories/st-1"');
    const favicon = await app.request('/favicon.ico');
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-type')).toContain('image/svg+xml');
  });
});
