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
import { dropDeepEntries } from './bound-nesting.js';
import { expandDoctypeEntities } from './feed-entities.js';
import type { RawEntry } from './feed-entry.js';
import { parseFeedDate } from './parse-date.js';
import { recoverFeedEntries } from './recover-feed.js';

/** Refuse to hand feedsmith more than this many characters (the HTTP client caps bytes too). */
const MAX_FEED_CHARS = 16 * 1024 * 1024;

/** Candidates of one feed, and why it had to be repaired (absent when the strict parse read it). */
export interface FeedParseResult {
  candidates: CandidateItem[];
  /** The strict parser refused the document and the tolerant reader recovered its entries: the strict error. */
  repaired?: string;
  /** Entries left out because they nest too deep or could not be read; the others are kept. */
  droppedEntries?: number;
}

/** Longest summary handed to the HTML-to-text cleaner (the candidate keeps MAX_SUMMARY_CHARS of it anyway). */
const MAX_SUMMARY_INPUT_CHARS = 64 * 1024;

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
  return parseFeedDocument(text, baseUrl, sourceId, options).candidates;
}

/**
 * `parseFeed`, reporting repairs. DOCTYPE internal entities are expanded first (bounded; external ones never
 * resolved). When the strict parser refuses the document, the tolerant reader recovers the well-formed entries;
 * only when it finds none does this throw `FormatParseError`, so the crawl falls down its fallback chain.
 */
export function parseFeedDocument(
  text: string,
  baseUrl: string,
  sourceId: string,
  options: ParseOptions = {},
): FeedParseResult {
  if (text.length > MAX_FEED_CHARS)
    throw new FormatParseError('feed', `document too large (${text.length} chars)`);
  const expanded = expandDoctypeEntities(text.replace(/^\uFEFF/, '').trim());
  if (expanded === '') throw new FormatParseError('feed', 'empty document');
  // One entry nested thousands of tags deep is cut out here, so it cannot overflow a parser's stack.
  const bounded = expanded.startsWith('<') ? dropDeepEntries(expanded) : { text: expanded, dropped: 0 };
  const trimmed = bounded.text;
  let droppedEntries = bounded.dropped;
  let raw: RawEntry[];
  let repaired: string | undefined;
  try {
    raw = strictEntries(parseAnyFeed<string>(trimmed));
  } catch (error) {
    const message = (error as Error).message;
    raw = trimmed.startsWith('<') ? recoverFeedEntries(trimmed) : [];
    if (raw.length === 0)
      throw new FormatParseError('feed', `not an RSS, Atom, RDF or JSON feed: ${message}`, error);
    repaired = message;
  }
  const tz = options.timezone ?? 'UTC';
  const out: CandidateItem[] = [];
  for (const entry of raw) {
    try {
      const candidate = toCandidate(entry, baseUrl, sourceId, tz, options);
      if (candidate) out.push(candidate);
    } catch {
      // One entry the cleaner cannot read (markup nested too deep in its summary) costs that entry only.
      droppedEntries++;
    }
  }
  const extra = droppedEntries > 0 ? { droppedEntries } : {};
  if (repaired === undefined) return { candidates: out, ...extra };
  // A recovered fragment with no usable entry (`<rss><item><title>x` cut short) is no feed: let the chain move on.
  if (out.length === 0) throw new FormatParseError('feed', `not an RSS, Atom, RDF or JSON feed: ${repaired}`);
  return { candidates: out, repaired, ...extra };
}

function toCandidate(
  entry: RawEntry,
  baseUrl: string,
  sourceId: string,
  tz: string,
  options: ParseOptions,
): CandidateItem | undefined {
  const entryBase = resolveLink(entry.base, baseUrl) ?? baseUrl;
  const url = resolveLink(entry.link, entryBase);
  const title = cleanText(entry.title?.slice(0, MAX_SUMMARY_INPUT_CHARS), MAX_TITLE_CHARS);
  if (!url || !title) return undefined;
  return {
    sourceId,
    url,
    title,
    summary: cleanText(entry.summary?.slice(0, MAX_SUMMARY_INPUT_CHARS), MAX_SUMMARY_CHARS),
    publishedAt: readDate(entry.dateText, tz, options),
    guid: firstString(entry.guid),
    imageUrl: resolveLink(entry.image, entryBase),
    language: options.language,
  };
}

function strictEntries(parsed: AnyFeed<string>): RawEntry[] {
  switch (parsed.format) {
    case 'rss':
      return (parsed.feed.items ?? []).map(fromRss);
    case 'atom':
      return (parsed.feed.entries ?? []).map(fromAtom);
    case 'rdf':
      return (parsed.feed.items ?? []).map(fromRdf);
    case 'json':
      return (parsed.feed.items ?? []).map(fromJson);
  }
}

/** Machine date formats first; then the injected visible-text parser (Arabic pubDates such as `الثلاثاء، 10 يونيو`). */
function readDate(value: string | undefined, tz: string, options: ParseOptions): string | undefined {
  if (value === undefined) return undefined;
  return parseFeedDate(value, tz) ?? options.parseTextDate?.(value, tz);
}

function fromRss(item: RssFeed.Item<string>): RawEntry {
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
    dateText: firstString(item.pubDate, item.dc?.dates?.[0], item.atom?.published),
    guid,
    image,
  };
}

function fromAtom(entry: AtomFeed.Entry<string>): RawEntry {
  const links = entry.links ?? [];
  const link = links.find((l) => (l.rel ?? 'alternate') === 'alternate')?.href ?? links[0]?.href;
  const image = links.find((l) => l.rel === 'enclosure' && (l.type ?? '').startsWith('image/'))?.href;
  return {
    link: firstString(link, /^https?:\/\//i.test(entry.id ?? '') ? entry.id : undefined),
    // feedsmith 3.x gives Atom text constructs as { value }.
    title: entry.title?.value,
    summary: firstString(entry.summary?.value, entry.content?.value),
    dateText: firstString(entry.published, entry.updated),
    guid: entry.id,
    image: image ?? entry.media?.thumbnails?.[0]?.url,
  };
}

function fromRdf(item: RdfFeed.Item<string>): RawEntry {
  return {
    link: item.link,
    title: item.title,
    summary: firstString(item.description, item.content?.encoded),
    dateText: item.dc?.dates?.[0],
    guid: undefined,
    image: undefined,
  };
}

function fromJson(item: JsonFeed.Item<string>): RawEntry {
  return {
    link: firstString(item.url, item.external_url),
    title: item.title,
    summary: firstString(item.summary, item.content_text, item.content_html),
    dateText: firstString(item.date_published, item.date_modified),
    guid: item.id,
    image: firstString(item.image, item.banner_image),
  };
}
