/**
 * What an outlet's home page and robots.txt say about where its news is: feeds it links (`<link rel="alternate">`
 * and feed-looking anchors), its title and language, `Sitemap:` lines, and candidate listing selectors (blocks that
 * repeat, each holding one article link with a headline). Pure functions over fetched text; `raqib sources add`
 * fetches and tries each finding through the real HTTP client.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import type { Element } from 'domhandler';
import type { ListingSelectors } from '../../config/source-schema.js';

/** Paths tried when the page links no feed. */
export const COMMON_FEED_PATHS = [
  '/feed',
  '/rss',
  '/rss.xml',
  '/feed.xml',
  '/atom.xml',
  '/index.xml',
  '/feed/',
];
/** Paths tried when robots.txt names no sitemap. */
export const COMMON_SITEMAP_PATHS = [
  '/news-sitemap.xml',
  '/sitemap-news.xml',
  '/sitemap.xml',
  '/sitemap_index.xml',
];

const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|feed\+json|rdf\+xml)$/i;
const FEED_HREF = /(^|\/)(feeds?|rss)(\/|\.xml|\.rss)?$|\.(rss|atom)$|\/rss\/|[?&]format=(rss|atom)\b/i;
const MAX_HTML_CHARS = 8 * 1024 * 1024;
const MIN_HEADLINE_CHARS = 20;
const MAX_HEADLINE_CHARS = 300;
const MIN_ITEMS = 3;
const CLASS_NAME = /^[A-Za-z_][\w-]{0,60}$/;

export interface PageFindings {
  title: string | null;
  /** The primary language tag of `<html lang>` (e.g. `ar`), when it is one. */
  language: string | null;
  /** Feed URLs in page order, absolute, de-duplicated, on the page's host (or a subdomain of its domain). */
  feeds: string[];
  listings: ListingCandidate[];
}

export interface ListingCandidate {
  selectors: ListingSelectors;
  /** Blocks that matched, each with one article link. */
  items: number;
}

/** Read a home (or section) page. */
export function readPage(html: string, baseUrl: string): PageFindings {
  const $ = load(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  const title = $('title').first().text().replace(/\s+/g, ' ').trim() || null;
  const lang = ($('html').attr('lang') ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return {
    title: title ? title.slice(0, 200) : null,
    language: /^[a-z]{2,3}$/.test(lang) ? lang : null,
    feeds: feedLinks($, baseUrl),
    listings: listingCandidates($, baseUrl),
  };
}

function feedLinks($: CheerioAPI, baseUrl: string): string[] {
  const found: string[] = [];
  const add = (href: string | undefined) => {
    const url = sameSiteUrl(href, baseUrl);
    if (url && !found.includes(url)) found.push(url);
  };
  $('link[href]').each((_, el) => {
    const rel = ($(el).attr('rel') ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('alternate') && FEED_TYPES.test(($(el).attr('type') ?? '').trim()))
      add($(el).attr('href'));
  });
  $('a[href]').each((_, el) => {
    const href = $(el).attr('href') ?? '';
    const url = sameSiteUrl(href, baseUrl);
    if (url && FEED_HREF.test(new URL(url).pathname + new URL(url).search)) add(href);
  });
  return found.slice(0, 10);
}

/** `Sitemap:` lines of a robots.txt, absolute and de-duplicated (at most 10). */
export function sitemapsFromRobots(text: string, baseUrl: string): string[] {
  const found: string[] = [];
  for (const line of text.slice(0, 512 * 1024).split(/\r?\n/)) {
    const match = /^\s*sitemap\s*:\s*(\S+)/i.exec(line);
    const url = match ? sameSiteUrl(match[1], baseUrl) : null;
    if (url && !found.includes(url)) found.push(url);
  }
  // News sitemaps first: they list the latest articles with their dates.
  return found.sort((a, b) => Number(/news/i.test(b)) - Number(/news/i.test(a))).slice(0, 10);
}

/** An absolute http(s) URL on the base's registrable site (same host, or `www.` and bare forms), else null. */
export function sameSiteUrl(href: string | undefined, baseUrl: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, baseUrl);
    const base = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    const strip = (h: string) => h.toLowerCase().replace(/^www\./, '');
    const host = strip(url.hostname);
    const site = strip(base.hostname);
    if (host !== site && !host.endsWith(`.${site}`)) return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

/** A path that looks like an article: not the root, a section slug or a feed, with a long slug or an id. */
function looksLikeArticlePath(pathname: string): boolean {
  const segments = decodeURIComponentSafe(pathname).split('/').filter(Boolean);
  if (segments.length === 0) return false;
  const last = segments[segments.length - 1] ?? '';
  if (/\.(xml|rss|jpg|jpeg|png|gif|webp|pdf|css|js)$/i.test(last)) return false;
  if (
    /^(tag|tags|category|categories|author|authors|section|page|search)$/i.test(segments[0] ?? '') &&
    segments.length <= 2
  )
    return false;
  return /\d{3,}/.test(pathname) || last.split(/[-_]/).length >= 3 || segments.length >= 3;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The CSS signature of an element: its tag and first usable class (`article`, `div.card`, `li.news-item`). */
function signature(el: Element): string | null {
  const cls = (el.attribs.class ?? '').split(/\s+/).find((c) => CLASS_NAME.test(c));
  if (cls) return `${el.name}.${cls}`;
  return el.name === 'article' || el.name === 'li' ? el.name : null;
}

function listingCandidates($: CheerioAPI, baseUrl: string): ListingCandidate[] {
  // Per block signature: the blocks holding exactly one article link with a headline-length text.
  const blocks = new Map<string, Set<Element>>();
  $('a[href]').each((_, a) => {
    const url = sameSiteUrl($(a).attr('href'), baseUrl);
    if (!url || !looksLikeArticlePath(new URL(url).pathname)) return;
    const text = $(a).text().replace(/\s+/g, ' ').trim();
    if (text.length < MIN_HEADLINE_CHARS || text.length > MAX_HEADLINE_CHARS) return;
    // A card that is itself the link (`<a class="card"><h3>…</h3></a>`) is its own block.
    const selfBlock = signature(a) !== null && $(a).find('h2, h3, h4').length > 0;
    let el: Element['parent'] = selfBlock ? a : a.parent;
    for (let depth = 0; depth < 5 && el && el.type === 'tag'; depth++, el = el.parent) {
      const sig = signature(el as Element);
      if (!sig) continue;
      const set = blocks.get(sig) ?? new Set<Element>();
      set.add(el as Element);
      blocks.set(sig, set);
      break; // the nearest block with a signature
    }
  });
  const out: ListingCandidate[] = [];
  for (const [sig, set] of blocks) {
    if (set.size < MIN_ITEMS || ['body', 'main', 'html'].includes(sig)) continue;
    out.push({ selectors: selectorsFor($, sig, [...set]), items: set.size });
  }
  return out.sort((a, b) => b.items - a.items).slice(0, 5);
}

/** Selectors for blocks matching `item`: the headline element and date when most blocks have one. */
function selectorsFor($: CheerioAPI, item: string, blocks: Element[]): ListingSelectors {
  const share = (selector: string) =>
    blocks.filter((b) => $(b).find(selector).length > 0).length / blocks.length;
  const selectors: ListingSelectors = { item };
  const heading = ['h2', 'h3', 'h4', 'h1'].find((h) => share(`${h} a[href]`) >= 0.8 || share(h) >= 0.8);
  if (heading) {
    if (share(`${heading} a[href]`) >= 0.8) selectors.link = `${heading} a`;
    selectors.title = heading;
  }
  if (share('time[datetime]') >= 0.8) {
    selectors.date = 'time';
    selectors.dateAttribute = 'datetime';
  } else if (share('time') >= 0.8) selectors.date = 'time';
  return selectors;
}
