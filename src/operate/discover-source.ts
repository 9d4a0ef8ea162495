/**
 * A new source from an outlet's address: read its home page and robots.txt, try every feed, sitemap and listing
 * candidate found through the real HTTP client (each as a one-layer source, so what is shown is what a crawl would
 * get), extract one article, and write the working layers as a source file validated by the source schema.
 * Used by `raqib sources add <url>`.
 */
import { stringify } from 'yaml';
import type { FetchLayer, Source } from '../config/source-schema.js';
import { parseSourceFile } from '../config/sources.js';
import { extractArticle } from '../extract/extract-article.js';
import { crawlSource, type CrawlOutcome } from '../fetch/crawl-source.js';
import {
  COMMON_FEED_PATHS,
  COMMON_SITEMAP_PATHS,
  readPage,
  sitemapsFromRobots,
  type PageFindings,
} from '../fetch/discover/discover-page.js';
import { policyForSource, type FetchTextResult, type HttpClient } from '../fetch/http/http-types.js';

export interface DiscoverOptions {
  /** Source id (the file name); default from the host, e.g. `www.rudaw.net` → `rudaw-net`. */
  id?: string | undefined;
  /** Language code; default from `<html lang>`, else `en`. */
  language?: string | undefined;
  name?: string | undefined;
  /** Milliseconds between requests to the outlet while discovering. @defaultValue 1000 */
  minDelayMs?: number;
  /** Allow loopback and private addresses (local fixture outlets in tests and demos only). */
  allowPrivateAddresses?: boolean;
  /** Entries shown per layer. @defaultValue 5 */
  sampleSize?: number;
  onProgress?: (line: string) => void;
}

export interface LayerTrial {
  layer: FetchLayer;
  /** Where the layer was found: `link rel=alternate`, `robots.txt`, `common path`, `repeated blocks (n)`. */
  foundBy: string;
  ok: boolean;
  count: number;
  httpStatus?: number | undefined;
  error?: string | undefined;
  sample: Array<{ url: string; title: string; publishedAt: string | null }>;
}

export interface DiscoveryReport {
  url: string;
  id: string;
  name: string;
  language: string;
  trials: LayerTrial[];
  /** The layers written, in fallback order: the best feed, sitemap and listing that yielded entries. */
  chosen: FetchLayer[];
  article: {
    url: string;
    title: string | null;
    publishedAt: string | null;
    lang: string | null;
    words: number;
    text: string;
  } | null;
  /** The source file (validated), or null when no layer yielded entries. */
  yaml: string | null;
  problems: string[];
}

const SOURCE_ID = /^[a-z0-9][a-z0-9-]*$/;

/** The default id of an outlet: its host without `www.`, dots and other characters as dashes. */
export function sourceIdFromUrl(url: string): string {
  const host = new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  return host.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'source';
}

export async function discoverSource(
  address: string,
  http: HttpClient,
  options: DiscoverOptions = {},
): Promise<DiscoveryReport> {
  const url = new URL(/^https?:\/\//i.test(address) ? address : `https://${address}`).href;
  const id = options.id ?? sourceIdFromUrl(url);
  if (!SOURCE_ID.test(id)) throw new Error(`source id "${id}" must be lower-case letters, digits and -`);
  const progress = options.onProgress ?? (() => undefined);
  const problems: string[] = [];
  const base = provisionalSource(id, url, options.language ?? 'en', 'discovery', options);
  const policy = policyForSource(base);
  // Unconditional requests: a 304 from an earlier run must not hide what a layer holds.
  const unconditional: HttpClient = {
    fetchText: (u, p, o) => http.fetchText(u, p, { ...o, conditional: false }),
    close: () => http.close(),
  };

  progress(`reading ${url}`);
  let page: PageFindings = { title: null, language: null, feeds: [], listings: [] };
  let homeUrl = url;
  try {
    const home = await unconditional.fetchText(url, policy, { accept: 'text/html' });
    if (home.kind === 'ok') {
      homeUrl = home.finalUrl;
      page = readPage(home.text, home.finalUrl);
    }
  } catch (error) {
    problems.push(`home page: ${(error as Error).message}`);
  }
  const language = options.language ?? page.language ?? 'en';
  const name = options.name ?? page.title ?? new URL(url).hostname;
  const source = provisionalSource(id, homeUrl, language, name, options);

  const trials: LayerTrial[] = [];
  const trial = async (layer: FetchLayer, foundBy: string): Promise<LayerTrial> => {
    progress(`trying ${layer.type} ${layer.url}`);
    const outcome = await crawlSource({ ...source, fetch: [layer] }, { http: unconditional });
    const result = trialOf(layer, foundBy, outcome, options.sampleSize ?? 5);
    trials.push(result);
    return result;
  };
  await tryLayers(page, homeUrl, trial, () =>
    unconditional.fetchText(new URL('/robots.txt', homeUrl).href, policy, { accept: 'text/plain' }),
  );

  const best = (type: FetchLayer['type']) =>
    trials
      .filter((t) => t.layer.type === type && t.ok)
      .sort((a, b) => datedShare(b) - datedShare(a) || b.count - a.count)[0];
  const chosen = (['feed', 'sitemap', 'listing'] as const)
    .map((type) => best(type)?.layer)
    .filter((l): l is FetchLayer => l !== undefined);
  if (chosen.length === 0) problems.push('no feed, sitemap or listing yielded any entry');

  const article = await sampleArticle(trials, chosen, source, unconditional, progress, problems);
  const yaml =
    chosen.length > 0 ? sourceYaml(id, { name, language, homeUrl, chosen, options, article }) : null;
  return { url, id, name, language, trials, chosen, article, yaml, problems };
}

function trialOf(layer: FetchLayer, foundBy: string, outcome: CrawlOutcome, sampleSize: number): LayerTrial {
  const attempt = outcome.attempts[0];
  return {
    layer,
    foundBy,
    ok: Boolean(attempt?.ok) && outcome.candidates.length > 0,
    count: outcome.candidates.length,
    httpStatus: attempt?.httpStatus,
    error: attempt?.error,
    sample: outcome.candidates.slice(0, sampleSize).map((c) => ({
      url: c.url,
      title: c.title,
      publishedAt: c.publishedAt ?? null,
    })),
  };
}

/** Feeds, then sitemaps, then listing blocks, each tried through `trial`. */
async function tryLayers(
  page: PageFindings,
  homeUrl: string,
  trial: (layer: FetchLayer, foundBy: string) => Promise<LayerTrial>,
  fetchRobots: () => Promise<FetchTextResult>,
): Promise<void> {
  // Feeds: the ones the page links, else the common paths until one works.
  const linked = page.feeds.length > 0;
  const feedUrls = linked ? page.feeds : COMMON_FEED_PATHS.map((p) => new URL(p, homeUrl).href);
  for (const feedUrl of feedUrls.slice(0, 4)) {
    const t = await trial({ type: 'feed', url: feedUrl }, linked ? 'linked from the page' : 'common path');
    if (t.ok && !linked) break;
  }
  // Sitemaps: robots.txt `Sitemap:` lines (news sitemaps first), else the common paths until one works.
  let sitemapUrls: string[] = [];
  try {
    const robots = await fetchRobots();
    if (robots.kind === 'ok') sitemapUrls = sitemapsFromRobots(robots.text, homeUrl);
  } catch {
    // No robots.txt: the common paths below.
  }
  const fromRobots = sitemapUrls.length > 0;
  if (!fromRobots) sitemapUrls = COMMON_SITEMAP_PATHS.map((p) => new URL(p, homeUrl).href);
  for (const sitemapUrl of sitemapUrls.slice(0, 4)) {
    const t = await trial({ type: 'sitemap', url: sitemapUrl }, fromRobots ? 'robots.txt' : 'common path');
    if (t.ok) break;
  }
  // Listings: repeated blocks of the home page, each holding one article link.
  for (const candidate of page.listings.slice(0, 3)) {
    await trial(
      { type: 'listing', url: homeUrl, selectors: candidate.selectors },
      `repeated blocks on the page (${candidate.items})`,
    );
  }
}

function datedShare(t: LayerTrial): number {
  return t.sample.length === 0 ? 0 : t.sample.filter((s) => s.publishedAt).length / t.sample.length;
}

async function sampleArticle(
  trials: LayerTrial[],
  chosen: FetchLayer[],
  source: Source,
  http: HttpClient,
  progress: (line: string) => void,
  problems: string[],
): Promise<DiscoveryReport['article']> {
  const first = chosen[0];
  const entry = trials.find((t) => t.layer === first)?.sample[0];
  if (!entry) return null;
  progress(`extracting ${entry.url}`);
  try {
    const page = await http.fetchText(entry.url, policyForSource(source), { accept: 'text/html' });
    if (page.kind !== 'ok') return null;
    const a = extractArticle(page.text, { url: page.finalUrl });
    const words = a.text.split(/\s+/).filter(Boolean).length;
    if (words === 0) problems.push(`article ${entry.url}: no text extracted`);
    return {
      url: page.finalUrl,
      title: a.title,
      publishedAt: a.publishedAt,
      lang: a.lang,
      words,
      text: a.text.slice(0, 600),
    };
  } catch (error) {
    problems.push(`article ${entry.url}: ${(error as Error).message}`);
    return null;
  }
}

function provisionalSource(
  id: string,
  url: string,
  language: string,
  name: string,
  options: DiscoverOptions,
): Source {
  const source = parseSourceFile(
    `selectors/${id}.yaml`,
    stringify({
      name,
      language: /^[a-z]{2,3}$/.test(language) ? language : 'en',
      homepage: url,
      allowedHosts: siteHosts(url),
      ...(options.allowPrivateAddresses ? { allowPrivateAddresses: true } : {}),
      fetch: [{ type: 'feed', url }],
    }),
  );
  // The discovery's own pace (the schema's durations start above 0; tests run without a delay).
  return { ...source, politeness: { maxInFlight: 1, minDelay: Math.max(0, options.minDelayMs ?? 1000) } };
}

/** The host and its `www.` or bare twin. */
function siteHosts(url: string): string[] {
  const host = new URL(url).hostname.toLowerCase();
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost' || host.includes(':')) return [host];
  return host.startsWith('www.') ? [host, host.slice(4)] : [host, `www.${host}`];
}

function sourceYaml(
  id: string,
  f: {
    name: string;
    language: string;
    homeUrl: string;
    chosen: FetchLayer[];
    options: DiscoverOptions;
    article: DiscoveryReport['article'];
  },
): string {
  const file = {
    name: f.name,
    language: f.language,
    interval: '5m',
    homepage: f.homeUrl,
    allowedHosts: siteHosts(f.homeUrl),
    ...(f.options.allowPrivateAddresses ? { allowPrivateAddresses: true } : {}),
    fetch: f.chosen.map((layer) => ({ ...layer })),
    article: { fetch: true },
    notes:
      `Added by raqib sources add from ${f.homeUrl} on ${new Date().toISOString().slice(0, 10)}: ` +
      `${f.chosen.map((l) => l.type).join(' → ')}` +
      (f.article ? `; sample article extracted ${f.article.words} words.` : '; no article extracted.') +
      ' Check the timezone, interval and linkPattern before enabling it in production.',
  };
  const text = `# selectors/${id}.yaml — written by raqib sources add\n${stringify(file, { lineWidth: 110 })}`;
  parseSourceFile(`selectors/${id}.yaml`, text); // throws if the schema refuses it
  return text;
}
