/**
 * `npm run bench:hostile`: time and memory of the hostile inputs the fetch stage and config loading now bound, each
 * case in its own process (so one case's peak RSS does not hide another's). Prints, per case, wall time, peak RSS
 * over the process baseline, and what came out. Targets (issue 24): each case ≤ 10 s and ≤ 256 MB extra.
 *
 * Cases: a 100,000-entry feed through one crawl (newest MAX_ITEMS_PER_CRAWL kept), one entry nested 100,000 deep
 * (elements, and HTML in CDATA), backtracking link patterns on 10,000 hostile URLs (RE2), a 10 MB source YAML, a
 * 2 MB robots.txt cut at 512 KiB and parsed, and the soft-404 check on an 8 MB page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import robotsParserModule from 'robots-parser';
import { loadSources, parseSourceFile } from '../src/config/sources.js';
import { crawlSource } from '../src/fetch/crawl-source.js';
import { parseFeedDocument } from '../src/fetch/formats/parse-feed.js';
import type { HttpClient } from '../src/fetch/http/http-types.js';
import { softNotFoundReason } from '../src/fetch/http/soft-not-found.js';

const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

const feedSource = parseSourceFile(
  'selectors/bench.yaml',
  'name: bench\nlanguage: ar\nfetch:\n  - type: feed\n    url: https://bench.example/rss\n',
);
const serve = (text: string): HttpClient => ({
  fetchText: (url) =>
    Promise.resolve({
      kind: 'ok',
      url,
      finalUrl: url,
      status: 200,
      contentType: 'text/xml',
      text,
      bytes: text.length,
      charset: 'utf-8',
    }),
  close: () => Promise.resolve(),
});
const wrap = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;
const item = (i: number, inner = '') =>
  `<item><title>خبر ${i}</title><link>https://bench.example/news/${i}</link><pubDate>${new Date(Date.UTC(2026, 0, 1) + i * 1000).toUTCString()}</pubDate>${inner}</item>`;

const CASES: Record<string, () => Promise<string> | string> = {
  'feed, 100,000 entries (7.6 MB, under HTTP_MAX_BYTES)': async () => {
    const base = Date.UTC(2026, 0, 1);
    const body = wrap(
      Array.from(
        { length: 100_000 },
        (_, i) =>
          `<item><title>t${i}</title><link>https://bench.example/n/${i}</link><pubDate>${new Date(base + i * 1000).toUTCString()}</pubDate></item>`,
      ).join(''),
    );
    const out = await crawlSource(feedSource, {
      http: serve(body),
      now: () => new Date(Date.UTC(2027, 0, 1)),
    });
    return `${out.candidates.length} kept; ${out.problems?.join('; ') ?? ''}`;
  },
  'feed entry nested 100,000 deep': () => {
    const deep = item(1, `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`);
    const r = parseFeedDocument(wrap(`${item(0)}${deep}${item(2)}`), 'https://bench.example/rss', 'b');
    return `${r.candidates.length} kept, ${r.droppedEntries ?? 0} dropped`;
  },
  'feed entry with HTML nested 100,000 deep in CDATA': () => {
    const html = `<description><![CDATA[${'<div>'.repeat(100_000)}${'</div>'.repeat(100_000)}]]></description>`;
    const r = parseFeedDocument(
      wrap(`${item(0)}${item(1, html)}${item(2)}`),
      'https://bench.example/rss',
      'b',
    );
    return `${r.candidates.length} kept, ${r.droppedEntries ?? 0} dropped`;
  },
  'linkPattern (a+)+$ on a feed of 5,000 URLs built to backtrack (up to 2 KB)': async () => {
    const hostile = parseSourceFile(
      'selectors/bench.yaml',
      "name: bench\nlanguage: ar\nfetch:\n  - type: feed\n    url: https://bench.example/rss\narticle:\n  linkPattern: '(a+)+$'\n",
    );
    const body = wrap(
      Array.from(
        { length: 5000 },
        (_, i) =>
          `<item><title>t${i}</title><link>https://bench.example/${'a'.repeat(30 + (i % 1900))}!</link></item>`,
      ).join(''),
    );
    const out = await crawlSource(hostile, { http: serve(body) });
    return `${out.candidates.length} kept, ${out.attempts[0]?.dropped?.length ?? 0} tested and dropped`;
  },
  'source YAML of 10 MB': () => {
    const dir = mkdtempSync(join(tmpdir(), 'raqib-bench-'));
    try {
      writeFileSync(join(dir, 'huge.yaml'), `name: x\nlanguage: ar\nxs:\n${'  - item\n'.repeat(1_200_000)}`);
      try {
        loadSources(dir);
        return 'loaded (not refused!)';
      } catch (error) {
        return (error as Error).message.slice(0, 90);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  'robots.txt of 2 MB, first 512 KiB parsed': () => {
    const text = `User-agent: *\nDisallow: /private/\n${'# padding padding padding\n'.repeat(80_000)}`;
    const cut = Buffer.from(text).subarray(0, 512 * 1024);
    const robot = robotsParser(
      'https://bench.example/robots.txt',
      cut.subarray(0, cut.lastIndexOf(0x0a) + 1).toString(),
    );
    return `/private/1 allowed: ${String(robot.isAllowed('https://bench.example/private/1', 'raqib'))}`;
  },
  'soft-404 check on an 8 MB page': () => {
    const html = `<html><head><title>Page not found</title></head><body>${'<p>filler text</p>'.repeat(450_000)}</body></html>`;
    const reason = softNotFoundReason({ title: 'Page not found', text: 'x'.repeat(7_000_000) }, html);
    return reason ?? 'not a soft 404 (long page)';
  },
};

const only = process.argv[2];
if (only !== undefined) {
  const baseline = process.memoryUsage().rss;
  const started = performance.now();
  const result = await CASES[only]!();
  const ms = performance.now() - started;
  const peak = process.resourceUsage().maxRSS * 1024;

  console.log(JSON.stringify({ ms, extraMb: (peak - baseline) / 2 ** 20, result }));
} else {
  console.log('case | time | peak RSS over baseline | result');
  console.log('--- | --- | --- | ---');
  for (const name of Object.keys(CASES)) {
    const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, name], {
      encoding: 'utf8',
    });
    const { ms, extraMb, result } = JSON.parse(out.trim().split('\n').pop()!) as {
      ms: number;
      extraMb: number;
      result: string;
    };
    console.log(`${name} | ${(ms / 1000).toFixed(2)} s | ${extraMb.toFixed(0)} MB | ${result}`);
  }
}
