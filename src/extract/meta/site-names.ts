/**
 * Names a page gives its site and its sections, so a headline candidate that is only one of them can be told from
 * the article's own headline: og:site_name and its kin, the JSON-LD publisher and WebSite/Organization names, the
 * host's registrable label, the non-headline parts of `<title>`, and the texts of menu and breadcrumb links.
 */
import { findAncestor, getText } from '../dom/dom-node.js';
import type { DomElement } from '../dom/dom-node.js';
import type { JsonObject, PageHead } from './read-head.js';
import { normalizeArabic } from '../../shared/text/normalize-arabic.js';

const SITE_TYPES = /^(?:WebSite|Organization|NewsMediaOrganization|Corporation)$/;
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'edu', 'ac', 'news']);

/** Comparison keys ({@link nameKey}) of every name the page gives its site. */
export function collectSiteNames(
  head: PageHead,
  articleObjects: readonly JsonObject[],
  url: string | undefined,
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
  if (head.documentTitle) names.push(...titleSuffixes(head.documentTitle));
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

/** Keys of short link texts inside navigation, menus, breadcrumbs and the page header: section names. */
export function sectionLinkNames(head: PageHead): Set<string> {
  const keys = new Set<string>();
  for (const el of head.elements) {
    if (el.name !== 'a') continue;
    const text = getText(el);
    if (text.length < 2 || text.length > 60) continue;
    // A headline linking to its own page is no section name.
    if (findAncestor(el, (a) => HEADING.test(a.name)) !== null) continue;
    if (findAncestor(el, isMenu) === null) continue;
    keys.add(nameKey(text));
  }
  return keys;
}

function isMenu(el: DomElement): boolean {
  if (el.name === 'nav' || el.name === 'menu') return true;
  const role = el.attribs['role'];
  if (role === 'navigation' || role === 'menubar') return true;
  return MENU_CLASS.test(`${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`);
}

/** Comparison key of a name: letters and digits only, folded ("Al Jazeera" = "al-jazeera" = "ALJAZEERA"). */
export function nameKey(text: string): string {
  return normalizeArabic(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The parts of a `<title>` that are not its headline ("Headline | Iraq | Outlet" → Iraq, Outlet). */
export function titleSuffixes(title: string): string[] {
  const clean = title.replace(/\s+/g, ' ').trim();
  const parts = clean.split(/\s+[|\-–—·»]\s+/);
  if (parts.length < 2) return [];
  const longest = parts.reduce((a, b) => (b.length > a.length ? b : a));
  return parts.filter((p) => p !== longest);
}
