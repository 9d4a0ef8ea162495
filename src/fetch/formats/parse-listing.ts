/**
 * HTML listing pages (section fronts, "latest news", `more.html` fragments) into candidates, through the cheerio
 * selectors of the source's YAML.
 */
import { load, type Cheerio } from 'cheerio/slim';
import type { AnyNode } from 'domhandler';
import type { ListingSelectors } from '../../config/source-schema.js';
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

/** One matched element (domhandler is cheerio's own node type package). */
type ItemNode = Cheerio<AnyNode>;

const MAX_HTML_CHARS = 16 * 1024 * 1024;
/** Items read per page; listing pages beyond this are runaway markup, not news. */
const MAX_ITEMS = 500;

/**
 * Parse a listing page. For each element matching `selectors.item`:
 * - link: the `selectors.link` element inside it (default: the item itself when it is an `<a>`, else its first `a[href]`);
 * - title: text of `selectors.title` (default: the link's text, then its `title` attribute);
 * - date: `selectors.dateAttribute` of `selectors.date` (or of the item), else the date element's text;
 * - summary: text of `selectors.summary`; image: `src`/`data-src`/first `srcset` entry of `selectors.image`.
 * Items without a link or title are skipped. The same URL twice keeps its first occurrence.
 * Throws `FormatParseError` for a selector cheerio cannot parse.
 */
export function parseListing(
  html: string,
  selectors: ListingSelectors,
  baseUrl: string,
  sourceId: string,
  options: ParseOptions = {},
): CandidateItem[] {
  if (html.length > MAX_HTML_CHARS)
    throw new FormatParseError('listing', `document too large (${html.length} chars)`);
  const $ = load(html);
  const base = resolveLink($('base[href]').first().attr('href'), baseUrl) ?? baseUrl;
  const tz = options.timezone ?? 'UTC';
  let items: ItemNode[];
  try {
    items = $(selectors.item)
      .toArray()
      .slice(0, MAX_ITEMS)
      .map((node) => $(node));
  } catch (error) {
    throw new FormatParseError(
      'listing',
      `bad item selector "${selectors.item}": ${(error as Error).message}`,
      error,
    );
  }
  const seen = new Set<string>();
  const out: CandidateItem[] = [];
  for (const item of items) {
    try {
      const candidate = readItem(item, selectors, base, sourceId, tz);
      if (!candidate || seen.has(candidate.url)) continue;
      seen.add(candidate.url);
      out.push({ ...candidate, language: options.language });
    } catch (error) {
      throw new FormatParseError(
        'listing',
        `bad selector in ${JSON.stringify(selectors)}: ${(error as Error).message}`,
        error,
      );
    }
  }
  return out;
}

function readItem(
  $item: ItemNode,
  selectors: ListingSelectors,
  base: string,
  sourceId: string,
  tz: string,
): CandidateItem | undefined {
  const within = (selector: string | undefined) =>
    selector ? $item.find(selector).addBack(selector).first() : undefined;
  const $link = selectors.link
    ? within(selectors.link)
    : $item.is('a')
      ? $item
      : $item.find('a[href]').first();
  const url = resolveLink($link?.attr('href'), base);
  if (!url) return undefined;
  const $title = within(selectors.title);
  const title = cleanText(
    firstString($title?.text(), $title?.attr('title'), $link?.text(), $link?.attr('title')),
    MAX_TITLE_CHARS,
  );
  if (!title) return undefined;
  const $date = within(selectors.date) ?? (selectors.dateAttribute ? $item : undefined);
  const dateRaw = $date?.length
    ? firstString(selectors.dateAttribute ? $date?.attr(selectors.dateAttribute) : undefined, $date?.text())
    : undefined;
  const $image = within(selectors.image);
  const imageRaw = firstString(
    $image?.attr('src'),
    $image?.attr('data-src'),
    $image?.attr('srcset')?.split(/[\s,]+/)[0],
  );
  return {
    sourceId,
    url,
    title,
    summary: cleanText(within(selectors.summary)?.html(), MAX_SUMMARY_CHARS),
    publishedAt: parseFeedDate(dateRaw, tz),
    imageUrl: resolveLink(imageRaw, base),
  };
}
