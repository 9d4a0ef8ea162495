/**
 * The article pipeline records extraction problems on the item: a page whose body comes back empty (stored from its
 * feed entry) or thin carries `extract: empty-body` / `extract: thin-body` in `items.fetch_error`; a page whose story
 * is hidden until script opens it is read whole and records nothing. The HTTP client is a stand-in serving fixed
 * pages, so only extraction and storage are exercised.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDashboardApp } from '../../../src/console/web/app.js';
import { parseSourceFile } from '../../../src/config/sources.js';
import { canonicalizeUrl } from '../../../src/dedupe/canonical-url.js';
import type { HttpClient } from '../../../src/fetch/http/http-types.js';
import type { ArticleJob } from '../../../src/queues/job-schemas.js';
import { processArticle } from '../../../src/pipeline/article/process-article.js';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { getItemByCanonicalUrl } from '../../../src/store/items-repo.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const source = {
  ...parseSourceFile(
    'selectors/problem-outlet.yaml',
    `name: Problem outlet
language: en
allowedHosts: [problems.example]
fetch:
  - type: feed
    url: https://problems.example/feed.xml
`,
  ),
  id: 'problem-outlet',
};

const STORY = [
  'American troops handed the Ain al-Asad air base in Anbar to the Iraqi army on Monday, the Joint Operations Command said, in the latest step of the withdrawal of coalition forces from Iraq agreed last year.',
  'The spokesman said the handover followed the agreed timetable and that Iraqi units had taken full responsibility for the base, while cooperation on training would continue with the coalition.',
  'The next phase moves responsibility for sites in the Kurdistan region, officials said, before the mission ends in September next year under the agreement reached with Baghdad.',
  'The coalition said in a statement that advisers would remain at the Harir base in Erbil until the second phase, and that equipment would be moved out by road and by air over the coming weeks.',
].map((p) => `<p>${p}</p>`);
const NAV =
  '<nav>' + ['World', 'Iraq', 'Politics'].map((w) => `<a href="/${w}">${w}</a>`).join(' ') + '</nav>';
const PAGES: Record<string, string> = {
  hidden: `<html><body>${NAV}<main><h1>Base handed over</h1><div class="story" style="display:none">${STORY.join('')}</div></main></body></html>`,
  dialog: `<html><body>${NAV}<main><h1>Base handed over</h1><p>.</p><div role="dialog">${STORY.join('')}</div></main></body></html>`,
  empty: `<html><body>${NAV}${NAV}</body></html>`,
};

const fakeHttp: HttpClient = {
  async fetchText(url) {
    const slug = url.split('/').pop() ?? '';
    const text = PAGES[slug] ?? '';
    return {
      kind: 'ok',
      url,
      finalUrl: url,
      status: 200,
      contentType: 'text/html',
      text,
      bytes: text.length,
      charset: 'utf-8',
    };
  },
  async close() {},
};

describe('extraction problems recorded by the article pipeline', () => {
  let t: TestRuntimeEnv;
  let runtime: Runtime;
  beforeAll(async () => {
    t = await createTestRuntimeEnv('xprob', inject('redisUrl'), inject('postgresUrl'), {
      DISCORD_TOKEN: 'x',
      DISCORD_CHANNEL_IDS: '100000000000000001',
    });
    runtime = await createRuntime(t.env, { sources: [source] });
  });
  afterAll(async () => {
    await runtime?.close();
    await t?.cleanup();
  });

  const run = async (slug: string) => {
    const url = `https://problems.example/news/${slug}`;
    const job: ArticleJob = {
      sourceId: source.id,
      canonicalUrl: canonicalizeUrl(url),
      candidate: {
        sourceId: source.id,
        url,
        title: `US forces leave Ain al-Asad (${slug})`,
        summary: 'Feed summary: the coalition withdrawal from Iraq continues.',
        publishedAt: new Date().toISOString(),
      },
      seenAt: new Date().toISOString(),
    };
    await processArticle(job, { ...runtime.pipeline, http: fakeHttp });
    return getItemByCanonicalUrl(runtime.db, job.canonicalUrl);
  };

  it('a hidden story is read whole and records no problem', async () => {
    const item = await run('hidden');
    expect(item?.text).toContain('Ain al-Asad air base in Anbar');
    expect(item?.fetchError).toBeNull();
  });

  it('a thin body and an empty one are recorded on the item', async () => {
    expect((await run('dialog'))?.fetchError).toMatch(/^extract: (?:thin|empty)-body/);
    const empty = await run('empty');
    expect(empty?.fetchError).toMatch(/^extract: empty-body/);
    expect(empty?.text).toBe('Feed summary: the coalition withdrawal from Iraq continues.');
  });

  it('the dashboard names an empty or thin body as such, not as a failed page', async () => {
    const app = createDashboardApp({
      db: runtime.db,
      queues: runtime.queues,
      sources: runtime.sources,
      channels: [],
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
    });
    const page = await (await app.request(`/items?source=${source.id}`)).text();
    expect(page.match(/data-why="fetch-error"/g)).toHaveLength(2);
    expect(page).toContain('article body empty or thin');
    expect(page).not.toContain('article page failed');
  });
});
