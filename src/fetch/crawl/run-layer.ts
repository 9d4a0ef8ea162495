/**
 * Fetch and parse one layer of a source's `fetch` list. Filtering and the fallback decision are the caller's.
 */
import type { FetchLayer, Source } from '../../config/source-schema.js';
import type { CandidateItem } from '../../shared/types.js';
import type { BrowserRenderer } from '../browser/browser-types.js';
import type { ParseOptions } from '../formats/candidate-fields.js';
import { FormatParseError } from '../formats/candidate-fields.js';
import { parseEmbeddedJson } from '../formats/parse-embedded-json.js';
import { parseFeedDocument } from '../formats/parse-feed.js';
import { parseListing } from '../formats/parse-listing.js';
import { parseSitemap } from '../formats/parse-sitemap.js';
import { FetchError } from '../http/fetch-error.js';
import { policyForSource, type HttpClient } from '../http/http-types.js';
import { isHostAllowed } from './filter-candidates.js';

/**
 * Entries of one feed parsed per entry a crawl may keep: a feed with more than `maxItemsPerCrawl` times this many
 * is cut to its newest before parsing (the crawl's link-pattern filter looks at no more than that many anyway).
 */
export const ENTRIES_PARSED_PER_KEPT = 4;

/** Child sitemaps followed from a sitemap index per crawl: the newest ones (daily or monthly maps). Default 2. */
export const MAX_CHILD_SITEMAPS = 2;

const ACCEPT: Record<FetchLayer['type'], string> = {
  feed: 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
  sitemap: 'application/xml, text/xml;q=0.9, */*;q=0.5',
  listing: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
  json: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
  browser: 'text/html',
};

export interface LayerResult {
  /** Parsed, unfiltered candidates. */
  candidates: CandidateItem[];
  /** The server answered 304 to a conditional request: nothing changed since the last crawl. */
  notModified: boolean;
  /** The URL the candidates' relative links resolved against. */
  finalUrl: string;
  /** The feed was ill-formed and its entries were recovered by the tolerant reader: the strict parser's error. */
  repaired?: string;
  /** The HTTP status of the layer's own document (304 for a conditional hit); absent for a browser render or a
   *  copy still fresh by Cache-Control (no request made). */
  httpStatus?: number;
  /** Feed entries left out because they nest too deep or could not be read (the others are kept). */
  droppedEntries?: number;
  /** The feed had more entries than were parsed (cut before parsing, newest kept): how many it had. */
  entriesFound?: number;
}

/** Fetch and parse `layer`; throws `FetchError` or `FormatParseError` on failure. */
export async function runLayer(
  layer: FetchLayer,
  source: Source,
  deps: {
    http: HttpClient;
    browser?: BrowserRenderer | undefined;
    parseTextDate?: ParseOptions['parseTextDate'];
    /** The crawl's bound on kept entries; feeds are cut to ENTRIES_PARSED_PER_KEPT times it before parsing. */
    maxItemsPerCrawl?: number | undefined;
  },
): Promise<LayerResult> {
  const opts: ParseOptions = {
    timezone: source.timezone,
    language: source.language,
    parseTextDate: deps.parseTextDate,
  };
  if (layer.type === 'browser') {
    if (!deps.browser) throw new FormatParseError('browser', 'no browser renderer in this process');
    const host = new URL(layer.url).hostname;
    if (!isHostAllowed(host, source.allowedHosts))
      throw new FetchError('host-not-allowed', layer.url, `host ${host} is not allowed`);
    const page = await deps.browser.render(layer.url, {
      waitFor: layer.waitFor,
      allowedHosts: source.allowedHosts,
      allowPrivateAddresses: source.allowPrivateAddresses,
    });
    return {
      candidates: parseListing(page.html, layer.selectors, page.finalUrl, source.id, opts),
      notModified: false,
      finalUrl: page.finalUrl,
    };
  }
  const policy = policyForSource(source);
  // Only feeds are fetched conditionally: a sitemap index can stay unchanged (304) while its newest child map
  // changes, and the index is not known to be one until it is read.
  const conditional = layer.type === 'feed';
  const result = await deps.http.fetchText(layer.url, policy, {
    conditional,
    accept: ACCEPT[layer.type],
    visit: 'open',
  });
  if (result.kind === 'not-modified') return notModifiedResult(result);
  const { text, finalUrl, status: httpStatus } = result;
  switch (layer.type) {
    case 'feed':
      return feedResult(text, finalUrl, httpStatus, source, opts, deps.maxItemsPerCrawl);
    case 'listing':
      return {
        candidates: parseListing(text, layer.selectors, finalUrl, source.id, opts),
        notModified: false,
        finalUrl,
        httpStatus,
      };
    case 'json':
      return {
        candidates: parseEmbeddedJson(text, layer, finalUrl, source.id, opts),
        notModified: false,
        finalUrl,
        httpStatus,
      };
    case 'sitemap': {
      const top = parseSitemap(text, finalUrl, source.id, opts);
      const candidates = [...top.candidates];
      // An index lists child maps; read only the newest few.
      let firstError: unknown;
      let childrenRead = 0;
      for (const child of top.sitemaps.slice(0, MAX_CHILD_SITEMAPS)) {
        try {
          const childResult = await deps.http.fetchText(child, policy, { accept: ACCEPT.sitemap });
          childrenRead++;
          if (childResult.kind !== 'ok') continue;
          candidates.push(
            ...parseSitemap(childResult.text, childResult.finalUrl, source.id, opts).candidates,
          );
        } catch (error) {
          // One broken child map should not hide the others.
          firstError ??= error;
        }
      }
      if (childrenRead === 0 && firstError !== undefined) throw firstError;
      return { candidates, notModified: false, finalUrl, httpStatus };
    }
  }
}

function notModifiedResult(result: { finalUrl: string; reason?: string }): LayerResult {
  const notModified = { candidates: [], notModified: true, finalUrl: result.finalUrl };
  return result.reason === 'http-304' ? { ...notModified, httpStatus: 304 } : notModified;
}

/** A fetched feed parsed, cut before parsing to ENTRIES_PARSED_PER_KEPT times the crawl's bound when it has more. */
function feedResult(
  text: string,
  finalUrl: string,
  httpStatus: number,
  source: Source,
  opts: ParseOptions,
  keepLimit: number | undefined,
): LayerResult {
  const feedOpts =
    keepLimit === undefined ? opts : { ...opts, maxEntries: keepLimit * ENTRIES_PARSED_PER_KEPT };
  const { candidates, repaired, droppedEntries, entriesFound } = parseFeedDocument(
    text,
    finalUrl,
    source.id,
    feedOpts,
  );
  return {
    candidates,
    notModified: false,
    finalUrl,
    httpStatus,
    ...(repaired === undefined ? {} : { repaired }),
    ...(droppedEntries === undefined ? {} : { droppedEntries }),
    ...(entriesFound === undefined ? {} : { entriesFound }),
  };
}
