/**
 * XML sitemaps, Google News sitemaps and sitemap indexes (fast-xml-parser), into candidates and child sitemaps.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CandidateItem } from '../../shared/types.js';
import {
  cleanText,
  firstString,
  FormatParseError,
  MAX_TITLE_CHARS,
  resolveLink,
  type ParseOptions,
} from './candidate-fields.js';
import { parseFeedDate } from './parse-date.js';

const MAX_SITEMAP_CHARS = 16 * 1024 * 1024;
/** The sitemap protocol's own limit per file. */
const MAX_URLS = 50_000;
const IMAGE_OR_MEDIA = /\.(?:jpe?g|png|gif|webp|avif|svg|mp4|mp3|pdf)(?:$|\?)/i;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

/** The result of one sitemap document. */
export interface SitemapParseResult {
  /** Article candidates of a `urlset`, newest first when dates are known. */
  candidates: CandidateItem[];
  /** Child sitemap URLs of a `sitemapindex`, newest `lastmod` first (empty for a `urlset`). */
  sitemaps: string[];
}

/**
 * Parse a sitemap document. Titles come from `news:title` (Google News), then `image:title`, then the URL's last
 * path segment with hyphens as spaces (plain sitemaps carry no titles). Image and media URLs in `<loc>` are skipped.
 * Throws `FormatParseError` when the text is not a `urlset` or `sitemapindex`.
 */
export function parseSitemap(
  text: string,
  baseUrl: string,
  sourceId: string,
  options: ParseOptions = {},
): SitemapParseResult {
  if (text.length > MAX_SITEMAP_CHARS)
    throw new FormatParseError('sitemap', `document too large (${text.length} chars)`);
  const xml = text.replace(/^\uFEFF/, '').trim();
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new FormatParseError('sitemap', `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new FormatParseError('sitemap', (error as Error).message, error);
  }
  const tz = options.timezone ?? 'UTC';
  const index = asRecord(doc['sitemapindex']);
  if (index) {
    const entries = asArray(index['sitemap'])
      .map((entry) => ({
        loc: resolveLink(str(entry['loc']), baseUrl),
        lastmod: parseFeedDate(str(entry['lastmod']), tz),
      }))
      .filter((entry): entry is { loc: string; lastmod: string | undefined } => entry.loc !== undefined);
    entries.sort((a, b) => (b.lastmod ?? '').localeCompare(a.lastmod ?? ''));
    return { candidates: [], sitemaps: entries.map((e) => e.loc) };
  }
  // `<urlset/>` parses to an empty string: an empty but valid sitemap.
  const urlset = 'urlset' in doc ? (asRecord(doc['urlset']) ?? {}) : undefined;
  if (!urlset) throw new FormatParseError('sitemap', 'neither <urlset> nor <sitemapindex>');
  const candidates: CandidateItem[] = [];
  for (const entry of asArray(urlset['url']).slice(0, MAX_URLS)) {
    const url = resolveLink(str(entry['loc']), baseUrl);
    if (!url || IMAGE_OR_MEDIA.test(new URL(url).pathname)) continue;
    const news = asRecord(entry['news']);
    const image = asRecord(Array.isArray(entry['image']) ? entry['image'][0] : entry['image']);
    const title = cleanText(
      firstString(str(news?.['title']), str(image?.['title']), titleFromUrl(url)),
      MAX_TITLE_CHARS,
    );
    if (!title) continue;
    const publication = asRecord(news?.['publication']);
    candidates.push({
      sourceId,
      url,
      title,
      publishedAt: parseFeedDate(firstString(str(news?.['publication_date']), str(entry['lastmod'])), tz),
      imageUrl: resolveLink(str(image?.['loc']), baseUrl),
      language: firstString(str(publication?.['language'])?.slice(0, 2), options.language),
    });
  }
  candidates.sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
  return { candidates, sitemaps: [] };
}

/** The last meaningful path segment, decoded, with separators as spaces: `/2025/10/01/us-troops-leave` → `us troops leave`. */
function titleFromUrl(url: string): string | undefined {
  const segments = new URL(url).pathname.split('/').filter((s) => s !== '');
  for (let i = segments.length - 1; i >= 0; i--) {
    let segment = segments[i] ?? '';
    try {
      segment = decodeURIComponent(segment);
    } catch {
      // Keep the raw segment when it is not valid percent-encoding.
    }
    segment = segment.replace(/\.[a-z0-9]{2,5}$/i, '').replace(/^\d+-/, '');
    if (/[\p{L}]{2,}/u.test(segment)) return segment.replace(/[-_+]+/g, ' ');
  }
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function asArray(value: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is Record<string, unknown> => asRecord(v) !== undefined);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
