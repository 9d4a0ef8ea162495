/**
 * Names a page gives its site and its sections, so a headline candidate that is only one of them can be told from
 * the article's own headline: og:site_name and its kin, the JSON-LD publisher and WebSite/Organization names, the
 * host's registrable label, the non-headline parts of `<title>`, and the texts of menu and breadcrumb links.
 */
import { findAncestor } from '../dom/dom-node.js';
import type { DomElement } from '../dom/dom-node.js';
import type { JsonObject, PageHead } from './read-head.js';
import { normalizeArabic, tokenize } from '../../shared/text/normalize-arabic.js';

const SITE_TYPES = /^(?:WebSite|Organization|NewsMediaOrganization|Corporation)$/;
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'edu', 'ac', 'news']);

/** Comparison keys ({@link nameKey}) of every name the page gives its site. */
export function collectSiteNames(
  head: PageHead,
  articleObjects: readonly JsonObject[],
  url: string | undefined,
  headings: readonly string[],
): Set<string> {
  const names: string[] = [];
  for (const key of ['og:site_name', 'application-name', 'apple-mobile-web-app-title', 'publisher'])
    for (const value of head.meta.get(key) ?? []) names.push(value);
  for (const value of head.meta.get('twitter:site') ?? []) names.push(value.replace(/^@/, ''));
  for (const obj of head.jsonLd) {
    const type = obj['@type'];
    const types = Array.isArray(type) ? type : [type];
    if (types.some((t) => typeof t === 'string' && SITE_TYPES.test(t))) pushName(names, obj['name']);
  }
  for (const obj of articleObjects) {
    const publisher = obj['publisher'];
    if (publisher && typeof publisher === 'object' && !Array.isArray(publisher))
      pushName(names, (publisher as JsonObject)['name']);
  }
  if (head.documentTitle) names.push(...titleSuffixes(head.documentTitle, headings));
  const host = hostLabel(url);
  if (host) names.push(host);
  const keys = new Set<string>();
  for (const name of names) {
    const key = nameKey(name);
    if (key.length >= 2) keys.add(key);
  }
  return keys;
}

function pushName(names: string[], value: unknown): void {
  if (typeof value === 'string' && value.trim()) names.push(value);
}

/** "www.bbc.co.uk" → "bbc"; "edition.cnn.com" → "cnn". */
function hostLabel(url: string | undefined): string | null {
  if (!url) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  const labels = host.split('.').filter(Boolean);
  labels.pop();
  if (labels.length > 1 && SECOND_LEVEL.has(labels[labels.length - 1] ?? '')) labels.pop();
  return labels[labels.length - 1] ?? null;
}

const MENU_CLASS = /(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|section-?nav|subnav)(?:$|[\s_-])/i;
const HEADING = /^h[1-3]$/;

/**
 * Of `wanted` (name keys of short headings), those that are the text of a link inside navigation, a menu or a
 * breadcrumb: section names. Links inside headings (a headline linking to its own page) do not count.
 */
export function sectionLinkNames(head: PageHead, wanted: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  let longest = 0;
  const firsts = new Set<string>();
  for (const key of wanted) {
    longest = Math.max(longest, key.length);
    firsts.add(key.charAt(0));
  }
  for (const el of head.elements) {
    if (el.name !== 'a') continue;
    const text = shallowText(el).trim();
    // A key is never longer than its text, and link text is rarely padded by more than a few spaces; the first
    // letter rules out most links before the (costlier) key is built.
    if (text.length < 2 || text.length > Math.min(60, longest * 2 + 16)) continue;
    if (!firsts.has(nameKey(text.charAt(0)))) continue;
    const key = nameKey(text);
    if (!wanted.has(key) || found.has(key)) continue;
    if (findAncestor(el, (a) => HEADING.test(a.name)) !== null) continue;
    if (findAncestor(el, isMenu) !== null) found.add(key);
  }
  return found;
}

/** Text of a link whose content is one text node, at most two elements deep (`<a><span>Iraq</span></a>`); else ''. */
function shallowText(el: DomElement): string {
  let node: DomElement = el;
  for (let depth = 0; depth < 3; depth++) {
    if (node.children.length !== 1) return '';
    const only = node.children[0];
    if (!only) return '';
    if (only.type === 'text') return only.data;
    if (only.type !== 'tag') return '';
    node = only as DomElement;
  }
  return '';
}

function isMenu(el: DomElement): boolean {
  if (el.name === 'nav' || el.name === 'menu') return true;
  const role = el.attribs['role'];
  if (role === 'navigation' || role === 'menubar') return true;
  return MENU_CLASS.test(`${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`);
}

/** Comparison key of a name: letters and digits only, folded ("Al Jazeera" = "al-jazeera" = "ALJAZEERA"). */
export function nameKey(text: string): string {
  // The full normaliser (NFKC, Persian letters, digits) only for text outside ASCII; menus are mostly short ASCII.
  const plain = /^[\x20-\x7e]*$/.test(text) ? text.toLowerCase() : normalizeArabic(text);
  return plain.replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The parts of a `<title>` that are not its headline ("Headline | Iraq | Outlet" → Iraq, Outlet): every part that
 * agrees with none of the page's `<h1>` texts, when some part does (otherwise which part is the headline is unknown).
 */
export function titleSuffixes(title: string, headings: readonly string[]): string[] {
  const parts = title
    .replace(/\s+/g, ' ')
    .trim()
    .split(/\s+[|\-–—·»]\s+/);
  if (parts.length < 2) return [];
  const keys = new Set(headings.map(nameKey));
  const isHeadline = (part: string): boolean =>
    keys.has(nameKey(part)) || headings.some((h) => sharesMostWords(part, h));
  if (!parts.some(isHeadline)) return [];
  return parts.filter((p) => !isHeadline(p));
}

/** Most words of the shorter text are in the longer one. */
function sharesMostWords(a: string, b: string): boolean {
  const ta = tokenize(normalizeArabic(a));
  const tb = tokenize(normalizeArabic(b));
  const [short, long] = ta.length <= tb.length ? [ta, new Set(tb)] : [tb, new Set(ta)];
  if (short.length === 0) return false;
  return short.filter((t) => long.has(t)).length / short.length >= 0.6;
}
