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
import { keepNewestEntries } from './bound-entries.js';
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
  /** The document had more entries than `options.maxEntries`: how many (only the newest were parsed). */
  entriesFound?: number;
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
  const isXml = expanded.startsWith('<');
  // A feed with more entries than the crawl can use keeps its newest before any parser builds a tree of them all.
  const cut =
    isXml && options.maxEntries !== undefined
      ? keepNewestEntries(expanded, options.maxEntries)
      : { text: expanded };
  // One entry nested thousands of tags deep is cut out here, so it cannot overflow a parser's stack.
  const bounded = isXml ? dropDeepEntries(cut.text) : { text: cut.text, dropped: 0 };
  const trimmed = bounded.text;
  let droppedEntries = bounded.dropped;
  let raw: RawEntry[];
  let repaired: string | undefined;
  try {
    raw = strictEntries(parseAnyFeed<string>(trimmed));
    if (trimmed.startsWith('<') && needsXmlReader(trimmed)) raw = withXmlReader(raw, trimmed, baseUrl);
  } catch (error) {
    const message = (error as Error).message;
    raw = trimmed.startsWith('<') ? recoverFeedEntries(trimmed, baseUrl) : [];
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
  const extra = {
    ...(droppedEntries > 0 ? { droppedEntries } : {}),
    ...(cut.found === undefined ? {} : { entriesFound: cut.found }),
  };
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
    publishedAt: readEntryDate(entry, tz, options),
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

/**
 * Features feedsmith drops: `xml:base` (it keeps the feed and entry levels only, not element or RSS channel ones),
 * base64 content, RSS `<body>`/`xhtml:body`, a second `<updated>`/`<modified>` per entry. Cheap to test for, so
 * plain feeds are parsed once.
 */
function needsXmlReader(text: string): boolean {
  if (/xml:base|base64|<(?:[\w-]+:)?body[\s>]/i.test(text)) return true;
  const updated = text.match(/<(?:[\w-]+:)?(?:updated|modified)[\s>]/g)?.length ?? 0;
  const entries = text.match(/<(?:[\w-]+:)?(?:entry|item)[\s>]/g)?.length ?? 0;
  return updated > entries + 1;
}

/**
 * Strict entries completed by the tolerant XML reader, matched by position (only when both found the same entries):
 * links and ids through the full `xml:base` chain, decoded base64 content, body text, every update date.
 */
function withXmlReader(strict: RawEntry[], text: string, baseUrl: string): RawEntry[] {
  const extra = recoverFeedEntries(text, baseUrl);
  if (extra.length !== strict.length) return strict;
  return strict.map((entry, i) => {
    const more = extra[i];
    if (!more) return entry;
    return {
      link: more.link ?? entry.link,
      title: entry.title ?? more.title,
      summary: more.decoded ? more.summary : (entry.summary ?? more.summary),
      dateText: entry.dateText ?? more.dateText,
      updatedTexts: [...(entry.updatedTexts ?? []), ...(more.updatedTexts ?? [])],
      guid: more.guid ?? entry.guid,
      image: more.image ?? entry.image,
      base: more.base ?? entry.base,
    };
  });
}

/** The publication date; failing that, the latest update date the entry states. */
function readEntryDate(entry: RawEntry, tz: string, options: ParseOptions): string | undefined {
  const published = readDate(entry.dateText, tz, options);
  if (published !== undefined) return published;
  let latest: string | undefined;
  for (const text of entry.updatedTexts ?? []) {
    const iso = readDate(text, tz, options);
    if (iso !== undefined && (latest === undefined || Date.parse(iso) > Date.parse(latest))) latest = iso;
  }
  return latest;
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
    summary: firstString(item.description, item.content?.encoded, item.dc?.descriptions?.[0]),
    dateText: firstString(item.pubDate, item.dc?.dates?.[0], item.atom?.published, item.dcterms?.issued?.[0]),
    updatedTexts: [item.atom?.updated, ...(item.dcterms?.modified ?? [])].filter(isString),
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
    summary: firstString(entry.summary?.value, entry.content?.value, entry.dc?.descriptions?.[0]),
    dateText: firstString(entry.published, entry.dcterms?.issued?.[0], entry.dc?.dates?.[0]),
    updatedTexts: [entry.updated, ...(entry.dcterms?.modified ?? [])].filter(isString),
    guid: entry.id,
    image: image ?? entry.media?.thumbnails?.[0]?.url,
  };
}

function fromRdf(item: RdfFeed.Item<string>): RawEntry {
  return {
    link: item.link,
    title: item.title,
    summary: firstString(item.description, item.content?.encoded, item.dc?.descriptions?.[0]),
    dateText: firstString(item.dc?.dates?.[0], item.dcterms?.issued?.[0]),
    updatedTexts: (item.dcterms?.modified ?? []).filter(isString),
    guid: undefined,
    image: undefined,
  };
}

function fromJson(item: JsonFeed.Item<string>): RawEntry {
  return {
    link: firstString(item.url, item.external_url),
    title: item.title,
    summary: firstString(item.summary, item.content_text, item.content_html),
    dateText: item.date_published,
    updatedTexts: [item.date_modified].filter(isString),
    guid: item.id,
    image: firstString(item.image, item.banner_image),
  };
}

function isString(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
