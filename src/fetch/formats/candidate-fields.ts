/**
 * Small helpers every format parser shares: turning hostile strings into clean candidate fields.
 */
import { fragmentText } from '../../shared/text/fragment-text.js';
import { RaqibError } from '../../shared/errors.js';

/** Longest title or summary kept on a candidate; longer text is cut (feeds sometimes put whole articles here). */
export const MAX_TITLE_CHARS = 500;
export const MAX_SUMMARY_CHARS = 2000;

/** A document that is not the format it should be (not a feed, not a sitemap, no JSON). Not retryable. */
export class FormatParseError extends RaqibError {
  readonly format: string;
  constructor(format: string, message: string, cause?: unknown) {
    super('format-parse', `${format}: ${message}`, { retryable: false, cause });
    this.format = format;
  }
}

/** Options the format parsers share. */
export interface ParseOptions {
  /** IANA zone for dates that carry none (the source's `timezone`); default `UTC`. */
  timezone?: string;
  /** Language to stamp on each candidate (the source's `language`). */
  language?: string;
  /**
   * Reader for visible date text that no machine format matches (Arabic pubDates such as
   * `الثلاثاء، 10 يونيو 2025 14:00:00 +0300`); injected by the pipeline, since the fetch stage may not import the
   * extract stage's date parser. Returns an ISO UTC string or undefined.
   */
  parseTextDate?: ((text: string, timezone: string) => string | undefined) | undefined;
  /**
   * Most entries of an XML feed handed to the parser: a document with more keeps only its newest this many, cut
   * from the text before any tree is built (see bound-entries.ts). Unbounded when absent.
   */
  maxEntries?: number | undefined;
}

/**
 * Resolve `href` against `baseUrl` into an absolute http(s) URL without its fragment, or `undefined` for
 * javascript:, mailto:, data: and unparsable links.
 */
export function resolveLink(href: string | null | undefined, baseUrl: string): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed, baseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  return url.toString();
}

/** Block-aware text of an HTML fragment (feed descriptions are often HTML), whitespace collapsed, cut to `max` chars. */
export function cleanText(value: string | null | undefined, max: number): string | undefined {
  if (value === null || value === undefined) return undefined;
  let text = value;
  text = fragmentText(text);
  text = text.replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Pick the first defined, non-empty string. */
export function firstString(...values: Array<string | null | undefined>): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}
