/**
 * Pick the real headline among `<h1>`, og:title, JSON-LD headline and `<title>`: an `<h1>` that agrees with the
 * metadata wins (og:title is sometimes shortened), otherwise the metadata without its " | Site" suffix. Candidates
 * that are only the site's or a section's name (og:site_name, the publisher, the host, the other parts of
 * `<title>`, a menu or breadcrumb link) lose to any that is not; an `<h1>` inside the article outranks one in the
 * page header.
 */
import { normalizeArabic, tokenize } from '../../shared/text/normalize-arabic.js';
import { findAncestor, getText } from '../dom/dom-node.js';
import type { DomElement } from '../dom/dom-node.js';
import { getArticleObjects, getJsonLdString, getMeta } from './read-head.js';
import type { PageHead } from './read-head.js';
import { collectSiteNames, nameKey, sectionLinkNames } from './site-names.js';

/** Best headline, or null when the page names none. */
export function extractTitle(head: PageHead, skip?: ReadonlySet<DomElement>, url?: string): string | null {
  const declaredAll = [
    getJsonLdString(head, 'headline', 'name'),
    getMeta(head, 'og:title', 'twitter:title', 'title', 'dc.title', 'headline'),
  ].filter((t): t is string => Boolean(t && t.trim()));
  const h1s = head.elements
    .filter((el) => el.name === 'h1' && !skip?.has(el))
    .map((el) => ({ el, text: getText(el) }))
    .filter((h) => h.text.length >= 3 && h.text.length <= 400)
    .slice(0, 5);
  const siteNames = collectSiteNames(
    head,
    getArticleObjects(head),
    url,
    h1s.map((h) => h.text),
  );
  const isSiteName = (text: string): boolean => siteNames.has(nameKey(text));
  const declared = declaredAll.filter((t) => !isSiteName(t) && !isSiteName(stripSiteName(t)));
  const documentTitle =
    head.documentTitle && !isSiteName(stripSiteName(head.documentTitle)) ? head.documentTitle : null;
  const metaTitles = documentTitle ? [...declared, documentTitle] : declared;
  // Only short headings can be a section's name; only their texts are looked for among the menu links.
  const short = new Set(h1s.filter((h) => tokenize(h.text).length <= 4).map((h) => nameKey(h.text)));
  const sectionLinks = short.size > 0 ? sectionLinkNames(head, short) : null;
  const headings = h1s
    .filter((h) => !isSiteName(h.text) && !sectionLinks?.has(nameKey(h.text)))
    .map((h) => ({ ...h, own: inArticle(h.el) }))
    .sort((a, b) => Number(b.own) - Number(a.own))
    .map((h) => h.text);
  for (const heading of headings) {
    if (metaTitles.some((meta) => agrees(heading, stripSiteName(meta)))) return heading;
  }
  // A lone <h1> (or the article's own) beats a <title> that disagrees with it (the <title> is often the site's name).
  if (declared.length === 0 && headings.length > 0) {
    const own = h1s.find((h) => h.text === headings[0] && inArticle(h.el));
    if (headings.length === 1 || own) return headings[0] ?? null;
  }
  const meta = metaTitles[0];
  if (meta) return stripSiteName(meta);
  if (headings[0]) return headings[0];
  // Nothing but site names: the old order, so a page still gets a title.
  const fallback = declaredAll[0] ?? head.documentTitle;
  return fallback ? stripSiteName(fallback) : (h1s[0]?.text ?? null);
}

/** An `<h1>` agrees with a metadata title when most words of the shorter are in the other and it is no fragment. */
function agrees(heading: string, meta: string): boolean {
  const h = tokenize(normalizeArabic(heading)).length;
  const m = tokenize(normalizeArabic(meta)).length;
  // A one-word section heading ("Iraq") is "in" every headline about Iraq; it must cover half the metadata title.
  return overlap(heading, meta) >= 0.6 && h >= m * 0.5;
}

const ARTICLE_CLASS = /(?:^|[\s_-])(?:article|story|post|entry|headline)(?:$|[\s_-])/i;

/** Whether an `<h1>` sits inside the article (`<article>`, `<main>`, an article-classed block, itemprop=headline). */
function inArticle(el: DomElement): boolean {
  if (el.attribs['itemprop'] === 'headline' || ARTICLE_CLASS.test(el.attribs['class'] ?? '')) return true;
  return (
    findAncestor(
      el,
      (a) =>
        a.name === 'article' ||
        a.name === 'main' ||
        a.attribs['role'] === 'main' ||
        ARTICLE_CLASS.test(a.attribs['class'] ?? ''),
    ) !== null
  );
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
