/**
 * Generic article extraction: main text, headline, lead, author, canonical URL, image, language, direction and
 * dates from one HTML page. Per-source selectors (selectors/<id>.yaml `article.selectors`) override any field.
 */
import type { ArticleSelectors } from '../config/source-schema.js';
import type { ExtractedArticle } from '../shared/types.js';
import { agreeWithJsonLd } from './body/agree-with-json-ld.js';
import { extractBody } from './body/extract-body.js';
import { extractDates } from './dates/extract-dates.js';
import { loadDocument } from './dom/load-document.js';
import type { InputProblem } from './dom/load-document.js';
import { applySelectors } from './selectors/apply-selectors.js';
import {
  extractAuthor,
  extractCanonicalUrl,
  extractDirection,
  extractImageUrl,
  extractLanguage,
  extractLead,
  resolveUrl,
} from './meta/extract-fields.js';
import { extractTitle } from './meta/extract-title.js';
import { getJsonLdString, readHead } from './meta/read-head.js';

export interface ExtractOptions {
  /** The page URL: resolves relative links and is the last-resort date source. */
  url?: string;
  /** Operator overrides from the source file; each one replaces the generic result for its field. */
  selectors?: ArticleSelectors;
  /** IANA zone for dates the page states without one (the source's default). Default `UTC`. */
  timeZone?: string;
  /** Fetch time, the reference for relative dates ("منذ ساعتين"). Default: now. */
  fetchedAt?: Date;
  /** The feed entry's date, which outranks every date on the page (strategy step 1). */
  feedPublishedAt?: string | null;
}

/**
 * What went wrong with the main text of a page that was read: `empty-body` (no text at all), `thin-body` (under a
 * twentieth of the text the page's markup holds outside links, hidden parts included: the story is somewhere the
 * extractor did not look).
 */
export type ExtractProblem = 'empty-body' | 'thin-body';

/** The share of the markup's text below which a body is thin, and the markup size from which that is judged. */
const THIN_SHARE = 0.05;
const THIN_MIN_MARKUP_CHARS = 500;

/** An extraction result plus why it may be empty. */
export interface ExtractionReport {
  article: ExtractedArticle;
  /** `empty`, `binary` or `truncated` input; null when the page was read whole. */
  problem: InputProblem | null;
  /** Problems with the extracted body; [] when it looks whole. Empty and binary input give `empty-body` too. */
  problems: ExtractProblem[];
  /** The body came from a container hidden until script opens it (`display:none`, `hidden`, a hiding class). */
  revealedHidden: boolean;
}

/** The result for a page with nothing to extract. */
export function createEmptyArticle(): ExtractedArticle {
  return {
    title: null,
    text: '',
    lead: null,
    author: null,
    canonicalUrl: null,
    imageUrl: null,
    lang: null,
    dir: null,
    publishedAt: null,
    modifiedAt: null,
  };
}

/**
 * Extract an article from HTML. Never throws for content reasons: empty, binary or article-less pages give an
 * empty `text` (see {@link extractArticleWithReport} for the reason).
 */
export function extractArticle(html: string, options: ExtractOptions = {}): ExtractedArticle {
  return extractArticleWithReport(html, options).article;
}

/** {@link extractArticle}, also saying whether the input was empty, binary or truncated. */
export function extractArticleWithReport(html: string, options: ExtractOptions = {}): ExtractionReport {
  const { $, root, problem } = loadDocument(html);
  if (problem === 'empty' || problem === 'binary')
    return { article: createEmptyArticle(), problem, problems: ['empty-body'], revealedHidden: false };
  const timeZone = options.timeZone ?? 'UTC';
  const now = options.fetchedAt ?? new Date();
  const head = readHead(root);
  const chosen = applySelectors($, options.selectors);

  const genericTitle = chosen.title ?? extractTitle(head, undefined, options.url);
  const body = extractBody(root, { selected: chosen.body, removed: chosen.remove, title: genericTitle });
  // JSON-LD articleBody trims the generic result's edges where the two agree (never an operator's body selector).
  const paragraphs = chosen.body
    ? body.paragraphs
    : agreeWithJsonLd(body.paragraphs, getJsonLdString(head, 'articleBody'));
  const text = paragraphs.join('\n\n');
  const lang = extractLanguage(head, text || genericTitle || '');
  const dates = extractDates({
    $,
    head,
    container: body.container,
    timeZone,
    now,
    url: options.url,
    feedPublishedAt: options.feedPublishedAt,
    selector: options.selectors?.date,
    selectorAttribute: options.selectors?.dateAttribute,
  });
  const article: ExtractedArticle = {
    title: genericTitle,
    text,
    lead: chosen.lead ?? extractLead(head),
    author: chosen.author ?? extractAuthor(head),
    canonicalUrl: extractCanonicalUrl(head, options.url),
    imageUrl:
      (chosen.image ? resolveUrl(chosen.image, options.url) : null) ?? extractImageUrl(head, options.url),
    lang,
    dir: extractDirection(head, lang, body.container),
    publishedAt: dates.publishedAt,
    modifiedAt: dates.modifiedAt,
  };
  return {
    article,
    problem,
    problems: bodyProblems(text, body.markupChars),
    revealedHidden: body.revealedHidden,
  };
}

function bodyProblems(text: string, markupChars: number): ExtractProblem[] {
  const chars = text.replace(/\s+/g, '').length;
  if (chars === 0) return ['empty-body'];
  if (markupChars >= THIN_MIN_MARKUP_CHARS && chars < markupChars * THIN_SHARE) return ['thin-body'];
  return [];
}
