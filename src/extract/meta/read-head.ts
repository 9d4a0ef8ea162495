/**
 * Read the machine-readable metadata of a page once: `<meta>` tags, `<link rel>` hrefs and JSON-LD objects.
 */
import { getAttr, getText, listElements } from '../dom/dom-node.js';
import type { DomElement, DomRoot } from '../dom/dom-node.js';

export type JsonObject = { [key: string]: unknown };

export interface PageHead {
  /** Meta content by lower-cased `name` / `property` / `itemprop` / `http-equiv`, in document order. */
  meta: Map<string, string[]>;
  /** `<link>` hrefs by lower-cased rel token. */
  links: Map<string, string[]>;
  /** Every JSON-LD object (arrays and `@graph` flattened). */
  jsonLd: JsonObject[];
  /** Raw text of other `<script>` blocks that look like JSON data (for embedded dates). */
  dataScripts: string[];
  htmlLang: string | null;
  htmlDir: string | null;
  /** `<title>` text. */
  documentTitle: string | null;
  elements: DomElement[];
}

const MAX_JSON_CHARS = 2_000_000;
const DATE_KEY =
  /["']?(?:published_?time|date_?published|published_?at|publish_?date|pub_?date|date_?modified|last_?updated|modified_?time)["']?\s*:/i;

/** Collect head metadata from a parsed document. */
export function readHead(root: DomRoot): PageHead {
  const elements = listElements(root);
  const meta = new Map<string, string[]>();
  const links = new Map<string, string[]>();
  const jsonLd: JsonObject[] = [];
  const dataScripts: string[] = [];
  let htmlLang: string | null = null;
  let htmlDir: string | null = null;
  let documentTitle: string | null = null;
  for (const el of elements) {
    switch (el.name) {
      case 'meta': {
        const key = (
          getAttr(el, 'property') ||
          getAttr(el, 'name') ||
          getAttr(el, 'itemprop') ||
          getAttr(el, 'http-equiv')
        )
          .trim()
          .toLowerCase();
        const content = getAttr(el, 'content').trim() || getAttr(el, 'datetime').trim();
        if (key && content) push(meta, key, content);
        break;
      }
      case 'link': {
        const href = getAttr(el, 'href').trim();
        if (!href) break;
        for (const rel of getAttr(el, 'rel').toLowerCase().split(/\s+/)) if (rel) push(links, rel, href);
        break;
      }
      case 'script': {
        const type = getAttr(el, 'type').toLowerCase();
        const body = getText(el).trim();
        if (!body || body.length > MAX_JSON_CHARS) break;
        if (type.includes('ld+json')) collectJsonLd(body, jsonLd);
        else if (DATE_KEY.test(body)) dataScripts.push(body);
        break;
      }
      case 'html':
        htmlLang ??= getAttr(el, 'lang').trim() || getAttr(el, 'xml:lang').trim() || null;
        htmlDir ??= getAttr(el, 'dir').trim().toLowerCase() || null;
        break;
      case 'body':
        htmlDir ??= getAttr(el, 'dir').trim().toLowerCase() || null;
        break;
      case 'title':
        documentTitle ??= getText(el) || null;
        break;
      default:
        break;
    }
  }
  return { meta, links, jsonLd, dataScripts, htmlLang, htmlDir, documentTitle, elements };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function collectJsonLd(body: string, out: JsonObject[]): void {
  let parsed: unknown;
  try {
    // Some CMSs wrap JSON-LD in HTML comments or CDATA, or leave raw newlines inside strings.
    parsed = JSON.parse(
      body.replace(/^\s*(?:<!--|\/\/<!\[CDATA\[)|(?:-->|\/\/\]\]>)\s*$/g, '').replace(/[\n\r\t]/g, ' '),
    );
  } catch {
    return;
  }
  const stack: unknown[] = [parsed];
  let guard = 0;
  while (stack.length > 0 && guard++ < 10_000) {
    const item = stack.pop();
    if (Array.isArray(item)) stack.push(...item);
    else if (item && typeof item === 'object') {
      const obj = item as JsonObject;
      out.push(obj);
      if (Array.isArray(obj['@graph'])) stack.push(...(obj['@graph'] as unknown[]));
      if (obj['mainEntity'] && typeof obj['mainEntity'] === 'object') stack.push(obj['mainEntity']);
    }
  }
}

/** First meta value among `keys`. */
export function getMeta(head: PageHead, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = head.meta.get(key)?.[0];
    if (value) return value;
  }
  return null;
}

const ARTICLE_TYPES =
  /^(?:\w+)?(?:Article|Posting|Report|Story)$|^(?:NewsArticle|BlogPosting|LiveBlogPosting|VideoObject|WebPage)$/;

/** JSON-LD objects describing the article, best first (article types before WebPage). */
export function getArticleObjects(head: PageHead): JsonObject[] {
  const typed = head.jsonLd.filter((obj) => typesOf(obj).some((t) => ARTICLE_TYPES.test(t)));
  const rank = (obj: JsonObject): number =>
    typesOf(obj).some((t) => t !== 'WebPage' && ARTICLE_TYPES.test(t)) ? 0 : 1;
  return typed.sort((a, b) => rank(a) - rank(b));
}

function typesOf(obj: JsonObject): string[] {
  const type = obj['@type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** A string field of the first article object that has it. */
export function getJsonLdString(head: PageHead, ...keys: string[]): string | null {
  for (const obj of getArticleObjects(head)) {
    for (const key of keys) {
      const value = obj[key];
      if (typeof value === 'string' && value.trim()) return value.trim();
    }
  }
  return null;
}
