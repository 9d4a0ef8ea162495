/**
 * Pick the real headline among `<h1>`, og:title, JSON-LD headline and `<title>`: an `<h1>` that agrees with the
 * metadata wins (og:title is sometimes shortened), otherwise the metadata without its " | Site" suffix.
 */
import { normalizeArabic, tokenize } from '../../shared/text/normalize-arabic.js';
import { getText } from '../dom/dom-node.js';
import type { DomElement } from '../dom/dom-node.js';
import { getJsonLdString, getMeta } from './read-head.js';
import type { PageHead } from './read-head.js';

/** Best headline, or null when the page names none. */
export function extractTitle(head: PageHead, skip?: ReadonlySet<DomElement>): string | null {
  const declared = [
    getJsonLdString(head, 'headline', 'name'),
    getMeta(head, 'og:title', 'twitter:title', 'title', 'dc.title', 'headline'),
  ].filter((t): t is string => Boolean(t && t.trim()));
  const metaTitles = head.documentTitle ? [...declared, head.documentTitle] : declared;
  const headings = head.elements
    .filter((el) => el.name === 'h1' && !skip?.has(el))
    .map((el) => getText(el))
    .filter((t) => t.length >= 3 && t.length <= 400)
    .slice(0, 5);
  for (const heading of headings) {
    if (metaTitles.some((meta) => overlap(heading, meta) >= 0.6)) return heading;
  }
  // A lone <h1> beats a <title> that disagrees with it (the <title> is often the site's name).
  if (declared.length === 0 && headings.length === 1) return headings[0] ?? null;
  const meta = metaTitles[0];
  if (meta) return stripSiteName(meta);
  return headings[0] ?? null;
}

/** Share of the shorter title's words found in the other one. */
function overlap(a: string, b: string): number {
  const ta = tokenize(normalizeArabic(a));
  const tb = new Set(tokenize(normalizeArabic(b)));
  if (ta.length === 0 || tb.size === 0) return 0;
  const shorter = ta.length <= tb.size ? ta : [...tb];
  const other = ta.length <= tb.size ? tb : new Set(ta);
  return shorter.filter((t) => other.has(t)).length / shorter.length;
}

/** Drop a trailing " | Site" / " - Site" / " — Site" when what is left is still a headline. */
export function stripSiteName(title: string): string {
  const clean = title.replace(/\s+/g, ' ').trim();
  const parts = clean.split(/\s+[|\-–—·»:]\s+/);
  if (parts.length < 2) return clean;
  const longest = parts.reduce((a, b) => (b.length > a.length ? b : a));
  return longest.length >= clean.length * 0.4 ? longest : clean;
}
