/**
 * Smaller metadata fields: author, lead, canonical URL, main image, language and text direction.
 */
import { guessLanguage } from '../../shared/text/normalize-arabic.js';
import { getAttr, getText, isElement } from '../dom/dom-node.js';
import type { DomElement } from '../dom/dom-node.js';
import { getArticleObjects, getMeta } from './read-head.js';
import type { JsonObject, PageHead } from './read-head.js';

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ckb', 'ps', 'yi', 'dv', 'sd', 'ug', 'ku']);

/** Resolve `href` against `base`; only http(s) URLs are returned. */
export function resolveUrl(href: string | null | undefined, base?: string): string | null {
  if (!href) return null;
  try {
    const url = base ? new URL(href.trim(), base) : new URL(href.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** `link[rel=canonical]`, then og:url, resolved against the page URL. */
export function extractCanonicalUrl(head: PageHead, pageUrl?: string): string | null {
  return (
    resolveUrl(head.links.get('canonical')?.[0], pageUrl) ??
    resolveUrl(getMeta(head, 'og:url', 'twitter:url'), pageUrl)
  );
}

/** og:image / twitter:image / JSON-LD image / `link[rel=image_src]`. */
export function extractImageUrl(head: PageHead, pageUrl?: string): string | null {
  const fromMeta = getMeta(
    head,
    'og:image',
    'og:image:url',
    'og:image:secure_url',
    'twitter:image',
    'twitter:image:src',
  );
  if (fromMeta) return resolveUrl(fromMeta, pageUrl);
  for (const obj of getArticleObjects(head)) {
    const url = firstUrl(obj['image']);
    if (url) return resolveUrl(url, pageUrl);
  }
  return resolveUrl(head.links.get('image_src')?.[0], pageUrl);
}

function firstUrl(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return firstUrl(value[0]);
  if (value && typeof value === 'object')
    return firstUrl((value as JsonObject)['url'] ?? (value as JsonObject)['contentUrl']);
  return null;
}

const BYLINE_CLASS = /(?:^|[\s_-])(?:author|byline|writer|reporter|contributor|كاتب|الكاتب|المحرر)/i;

/** Author names from JSON-LD, meta, microdata or a byline element, "By"/"بقلم" removed. */
export function extractAuthor(head: PageHead): string | null {
  for (const obj of getArticleObjects(head)) {
    const names = namesOf(obj['author']);
    if (names.length > 0) return cleanAuthor(names.join(', '));
  }
  const meta = getMeta(
    head,
    'author',
    'article:author',
    'dc.creator',
    'byl',
    'sailthru.author',
    'parsely-author',
  );
  if (meta && !/^https?:\/\//.test(meta)) return cleanAuthor(meta);
  for (const el of head.elements) {
    const prop = getAttr(el, 'itemprop');
    const rel = getAttr(el, 'rel');
    if (
      prop === 'author' ||
      rel === 'author' ||
      (el.name !== 'body' && BYLINE_CLASS.test(getAttr(el, 'class')))
    ) {
      // A microdata Person/Organization: its `name` property, not the logo URL beside it.
      const named = 'itemscope' in el.attribs ? findItemName(el) : null;
      const text = (named ?? getText(el)).replace(/https?:\/\/\S+/g, ' ').trim();
      if (text.length >= 3 && text.length <= 100) return cleanAuthor(text);
    }
  }
  return null;
}

/** Text of the first `itemprop="name"` element inside a microdata item. */
function findItemName(item: DomElement): string | null {
  const stack = [...item.children];
  while (stack.length > 0) {
    const node = stack.shift();
    if (!node || !isElement(node)) continue;
    if (getAttr(node, 'itemprop') === 'name') return getAttr(node, 'content') || getText(node);
    stack.push(...node.children);
  }
  return null;
}

function namesOf(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value)) return value.flatMap(namesOf);
  if (value && typeof value === 'object') {
    const name = (value as JsonObject)['name'];
    return typeof name === 'string' && name.trim() ? [name.trim()] : [];
  }
  return [];
}

/** Author text without "By" / "بقلم" / "كتب:" and extra space. */
export function cleanAuthor(text: string): string | null {
  const clean = text
    .replace(/\s+/g, ' ')
    .replace(/^(?:by|written by|بقلم|كتب|كتبت|إعداد|اعداد)\s*[:：]?\s*/i, '')
    .trim();
  return clean.length >= 2 ? clean.slice(0, 200) : null;
}

const LEAD_CLASS =
  /(?:^|[\s_-])(?:lead|standfirst|summary|excerpt|intro|dek|subtitle|sub-?title|deck|article-?summary|الملخص|مقدمة)(?:$|[\s_-])/i;

/** The article's standfirst: a summary-classed element, else og:description / description. */
export function extractLead(head: PageHead, skip?: ReadonlySet<DomElement>): string | null {
  for (const el of head.elements) {
    if (skip?.has(el) || el.name === 'body' || el.name === 'meta') continue;
    if (!LEAD_CLASS.test(`${getAttr(el, 'class')} ${getAttr(el, 'id')}`)) continue;
    const text = getText(el);
    if (text.length >= 30 && text.length <= 1000) return text;
  }
  const meta = getMeta(head, 'og:description', 'description', 'twitter:description');
  return meta ? meta.replace(/\s+/g, ' ').trim() : null;
}

/** Primary language subtag: declared, unless the text is plainly in another script. */
export function extractLanguage(head: PageHead, text: string): string | null {
  const declared = (
    head.htmlLang ??
    getMeta(head, 'og:locale', 'content-language', 'language', 'dc.language') ??
    ''
  )
    .split(/[-_,;\s]/)[0]
    ?.toLowerCase();
  const guessed = guessLanguage(text);
  if (declared && /^[a-z]{2,3}$/.test(declared)) {
    // Templates often declare the site's default language on pages in another one.
    if (guessed === 'ar' && !RTL_LANGUAGES.has(declared)) return 'ar';
    if (guessed === 'en' && RTL_LANGUAGES.has(declared)) return 'en';
    return declared;
  }
  return guessed;
}

/** Text direction: `dir` declared on the container or an ancestor, `<body>` or `<html>`; else from the language. */
export function extractDirection(
  head: PageHead,
  lang: string | null,
  container: DomElement | null,
): 'rtl' | 'ltr' | null {
  for (
    let el: DomElement | null = container;
    el;
    el = el.parent && el.parent.type !== 'root' ? el.parent : null
  ) {
    const dir = getAttr(el, 'dir').toLowerCase();
    if (dir === 'rtl' || dir === 'ltr') return dir;
  }
  if (head.htmlDir === 'rtl' || head.htmlDir === 'ltr') return head.htmlDir;
  if (!lang) return null;
  return RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr';
}
