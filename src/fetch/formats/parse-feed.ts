/**
 * RSS 2.0, Atom, RDF (RSS 1.0) and JSON Feed into candidates, through feedsmith (which detects the format).
 */
import {
  parseFeed as parseAnyFeed,
  type AnyFeed,
  type AtomFeed,
  type JsonFeed,
  type RdfFeed,
  type RssFeed,
} from 'feedsmith';
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

/** Refuse to hand feedsmith more than this many characters (the HTTP client caps bytes too). */
const MAX_FEED_CHARS = 16 * 1024 * 1024;

/**
 * Parse a feed document into candidates, in document order. Entries without a usable link or title are skipped.
 * Relative links resolve against `baseUrl` (the feed's final URL). Throws `FormatParseError` when the text is not
 * a feed at all.
 */
export function parseFeed(
  text: string,
  baseUrl: string,
  sourceId: string,
  options: ParseOptions = {},
): CandidateItem[] {
  if (text.length > MAX_FEED_CHARS)
    throw new FormatParseError('feed', `document too large (${text.length} chars)`);
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new FormatParseError('feed', 'empty document');
  let parsed: AnyFeed<string>;
  try {
    parsed = parseAnyFeed<string>(trimmed);
  } catch (error) {
    throw new FormatParseError(
      'feed',
      `not an RSS, Atom, RDF or JSON feed: ${(error as Error).message}`,
      error,
    );
  }
  const tz = options.timezone ?? 'UTC';
  const raw: RawEntry[] = (() => {
    switch (parsed.format) {
      case 'rss':
        return (parsed.feed.items ?? []).map((item) => fromRss(item, tz));
      case 'atom':
        return (parsed.feed.entries ?? []).map((entry) => fromAtom(entry, tz));
      case 'rdf':
        return (parsed.feed.items ?? []).map((item) => fromRdf(item, tz));
      case 'json':
        return (parsed.feed.items ?? []).map((item) => fromJson(item, tz));
    }
  })();
  const out: CandidateItem[] = [];
  for (const entry of raw) {
    const url = resolveLink(entry.link, baseUrl);
    const title = cleanText(entry.title, MAX_TITLE_CHARS);
    if (!url || !title) continue;
    out.push({
      sourceId,
      url,
      title,
      summary: cleanText(entry.summary, MAX_SUMMARY_CHARS),
      publishedAt: entry.publishedAt,
      guid: firstString(entry.guid),
      imageUrl: resolveLink(entry.image, baseUrl),
      language: options.language,
    });
  }
  return out;
}

interface RawEntry {
  link: string | undefined;
  title: string | undefined;
  summary: string | undefined;
  publishedAt: string | undefined;
  guid: string | undefined;
  image: string | undefined;
}

function fromRss(item: RssFeed.Item<string>, tz: string): RawEntry {
  const guid = item.guid?.value;
  const guidIsLink = item.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid ?? '');
  const image =
    item.media?.contents?.find((c) => c.url && (c.medium === 'image' || (c.type ?? '').startsWith('image/')))
      ?.url ??
    item.media?.thumbnails?.[0]?.url ??
    item.enclosures?.find((e) => (e.type ?? '').startsWith('image/'))?.url;
  return {
    link: firstString(item.link, guidIsLink ? guid : undefined, item.atom?.links?.[0]?.href),
    title: firstString(item.title, item.dc?.titles?.[0]),
    summary: firstString(item.description, item.content?.encoded),
    publishedAt: parseFeedDate(firstString(item.pubDate, item.dc?.dates?.[0], item.atom?.published), tz),
    guid,
    image,
  };
}

function fromAtom(entry: AtomFeed.Entry<string>, tz: string): RawEntry {
  const links = entry.links ?? [];
  const link = links.find((l) => (l.rel ?? 'alternate') === 'alternate')?.href ?? links[0]?.href;
  const image = links.find((l) => l.rel === 'enclosure' && (l.type ?? '').startsWith('image/'))?.href;
  return {
    link: firstString(link, /^https?:\/\//i.test(entry.id ?? '') ? entry.id : undefined),
    // feedsmith 3.x gives Atom text constructs as { value }.
    title: entry.title?.value,
    summary: firstString(entry.summary?.value, entry.content?.value),
    publishedAt: parseFeedDate(firstString(entry.published, entry.updated), tz),
    guid: entry.id,
    image: image ?? entry.media?.thumbnails?.[0]?.url,
  };
}

function fromRdf(item: RdfFeed.Item<string>, tz: string): RawEntry {
  return {
    link: item.link,
    title: item.title,
    summary: firstString(item.description, item.content?.encoded),
    publishedAt: parseFeedDate(item.dc?.dates?.[0], tz),
    guid: undefined,
    image: undefined,
  };
}

function fromJson(item: JsonFeed.Item<string>, tz: string): RawEntry {
  return {
    link: firstString(item.url, item.external_url),
    title: item.title,
    summary: firstString(item.summary, item.content_text, item.content_html),
    publishedAt: parseFeedDate(firstString(item.date_published, item.date_modified), tz),
    guid: item.id,
    image: firstString(item.image, item.banner_image),
  };
}
