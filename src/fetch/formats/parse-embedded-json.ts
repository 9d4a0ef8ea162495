/**
 * Candidates from JSON embedded in HTML: JSON-LD blocks, `__NEXT_DATA__`-style framework blobs, or any script the
 * YAML names. Framework payloads have no fixed schema, so the tree is walked and every object that carries both a
 * link and a title becomes a candidate; that generic walk is hand-written because no library reads arbitrary
 * app-state JSON as news items.
 */
import { load } from 'cheerio/slim';
import type { FetchLayer } from '../../config/source-schema.js';
import type { CandidateItem } from '../../shared/types.js';
import {
  cleanText,
  firstString,
  FormatParseError,
  MAX_SUMMARY_CHARS,
  MAX_TITLE_CHARS,
  resolveLink,
  type ParseOptions,
} from './candidate-fields.js';
import { parseFeedDate } from './parse-date.js';

export type JsonLayer = Extract<FetchLayer, { type: 'json' }>;

const MAX_HTML_CHARS = 16 * 1024 * 1024;
/** Bounds on the walk so a hostile blob cannot make it run away. */
const MAX_DEPTH = 40;
const MAX_NODES = 200_000;

const TITLE_KEYS = ['headline', 'title', 'name'];
const LINK_KEYS = [
  'url',
  'canonical_url',
  'canonicalUrl',
  'permalink',
  'link',
  'href',
  'mainEntityOfPage',
  '@id',
];
const DATE_KEYS = [
  'datePublished',
  'published_time',
  'date_published',
  'publishedAt',
  'published_at',
  'pubDate',
  'uploadDate',
  'date',
  'dateCreated',
];
const SUMMARY_KEYS = ['description', 'summary', 'excerpt', 'abstract', 'lead'];
const IMAGE_KEYS = ['image', 'thumbnail', 'thumbnailUrl', 'imageUrl'];
/** JSON-LD types that name a page or an organisation, never an article. */
const NOT_ARTICLES = new Set([
  'WebSite',
  'WebPage',
  'Organization',
  'NewsMediaOrganization',
  'BreadcrumbList',
  'ListItem',
  'ImageObject',
  'Person',
  'SearchAction',
  'SiteNavigationElement',
  'VideoObject',
]);
const MEDIA_PATH = /\.(?:jpe?g|png|gif|webp|avif|svg|mp4|mp3|m3u8|pdf|js|css)(?:$|\?)/i;

/** The default script selector of each format. */
function selectorFor(layer: Pick<JsonLayer, 'format' | 'scriptSelector'>): string {
  if (layer.scriptSelector) return layer.scriptSelector;
  if (layer.format === 'next-data') return 'script#__NEXT_DATA__, script#__NUXT_DATA__';
  if (layer.format === 'script') throw new FormatParseError('json', 'format "script" needs scriptSelector');
  return 'script[type="application/ld+json"]';
}

/**
 * Parse embedded JSON into candidates. `layer.format` picks the scripts (`jsonld` = JSON-LD blocks, `next-data` =
 * `#__NEXT_DATA__`, `script` = `layer.scriptSelector`); `scriptSelector` overrides the default of any format.
 * Blocks that are not valid JSON are skipped; throws `FormatParseError` only when no selected block parses.
 */
export function parseEmbeddedJson(
  html: string,
  layer: Pick<JsonLayer, 'format' | 'scriptSelector'>,
  baseUrl: string,
  sourceId: string,
  options: ParseOptions = {},
): CandidateItem[] {
  if (html.length > MAX_HTML_CHARS)
    throw new FormatParseError('json', `document too large (${html.length} chars)`);
  const $ = load(html);
  const blocks = $(selectorFor(layer))
    .toArray()
    .map((el) => $(el).text().trim())
    .filter((t) => t !== '');
  if (blocks.length === 0) throw new FormatParseError('json', `no script matches "${selectorFor(layer)}"`);
  const roots: unknown[] = [];
  for (const block of blocks) {
    try {
      // Some CMSs wrap JSON-LD in HTML comments or CDATA.
      roots.push(
        JSON.parse(block.replace(/^<!--|-->$/g, '').replace(/^\/\*<!\[CDATA\[\*\/|\/\*\]\]>\*\/$/g, '')),
      );
    } catch {
      continue;
    }
  }
  if (roots.length === 0) throw new FormatParseError('json', 'no selected script holds valid JSON');
  const seen = new Set<string>();
  const out: CandidateItem[] = [];
  const tz = options.timezone ?? 'UTC';
  let budget = MAX_NODES;
  const visit = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || budget-- <= 0 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child, depth + 1);
      return;
    }
    const obj = node as Record<string, unknown>;
    const candidate = readObject(obj, baseUrl, sourceId, tz);
    if (candidate && !seen.has(candidate.url)) {
      seen.add(candidate.url);
      out.push({ ...candidate, language: options.language });
    }
    for (const value of Object.values(obj)) visit(value, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return out;
}

function readObject(
  obj: Record<string, unknown>,
  baseUrl: string,
  sourceId: string,
  tz: string,
): CandidateItem | undefined {
  const types = ([] as unknown[])
    .concat(obj['@type'] ?? [])
    .filter((t): t is string => typeof t === 'string');
  if (types.some((t) => NOT_ARTICLES.has(t))) return undefined;
  const title = cleanText(pickString(obj, TITLE_KEYS), MAX_TITLE_CHARS);
  if (!title) return undefined;
  const url = resolveLink(pickLink(obj), baseUrl);
  if (!url || MEDIA_PATH.test(new URL(url).pathname)) return undefined;
  const imageValue = IMAGE_KEYS.map((k) => obj[k]).find((v) => v !== undefined);
  return {
    sourceId,
    url,
    title,
    summary: cleanText(pickString(obj, SUMMARY_KEYS), MAX_SUMMARY_CHARS),
    publishedAt: parseFeedDate(pickString(obj, DATE_KEYS), tz),
    guid: firstString(
      typeof obj['postid'] === 'string' || typeof obj['postid'] === 'number'
        ? String(obj['postid'])
        : undefined,
    ),
    imageUrl: resolveLink(
      typeof imageValue === 'string' ? imageValue : pickLink(asRecord(imageValue) ?? {}),
      baseUrl,
    ),
  };
}

function pickString(obj: Record<string, unknown>, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number' && key.toLowerCase().includes('date')) return String(value);
  }
  return undefined;
}

function pickLink(obj: Record<string, unknown>): string | undefined {
  for (const key of LINK_KEYS) {
    const value = obj[key];
    if (typeof value === 'string' && /^(?:https?:\/\/|\/)/i.test(value.trim())) return value;
    const nested = asRecord(value);
    if (nested && typeof nested['@id'] === 'string') return nested['@id'];
  }
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
