/**
 * Tolerant reading of a feed the strict parser refused: a truncated final close tag (`</rss` at end of file), an
 * unclosed element, RSS without `<channel>`, namespace-prefixed RSS elements (`<rss:item>`), items nested deep in
 * wrappers. htmlparser2 (through cheerio's XML mode) closes what is left open, so every entry that is itself well
 * formed is recovered; the caller records that the feed was repaired. The same reader fills in what the strict
 * parser drops from a feed it did read (`xml:base` on elements, base64 content, `<body>`/`xhtml:body`, a second
 * `<updated>`).
 */
import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { RawEntry } from './feed-entry.js';
import { baseOf, decodeBase64Text, hasExplicitBase, isBase64Content } from './feed-xml-base.js';

const ENTRY_NAMES = new Set(['item', 'entry']);

/**
 * Entries found anywhere in `text` (RSS `item` or Atom `entry`, any prefix), in document order; [] when none.
 * Links, ids and images come back resolved through the `xml:base` chain in force on each (feed → entry → element,
 * the outermost against `feedUrl`); base64 content is decoded.
 */
export function recoverFeedEntries(text: string, feedUrl: string): RawEntry[] {
  const $ = load(text, { xml: { xmlMode: true, recognizeCDATA: true, decodeEntities: true } });
  const entries: Element[] = [];
  // Iterative, so a feed nested thousands of wrappers deep cannot overflow the stack.
  const stack: AnyNode[] = [...$.root().toArray()].reverse();
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || !('children' in node)) continue;
    if (node.type === 'tag' && ENTRY_NAMES.has(localName(node.name))) {
      // An entry inside an entry is a broken close tag, not a second entry: take the outer one only.
      entries.push(node);
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child) stack.push(child);
    }
  }
  return entries.map((entry) => readEntry(entry, (nodes) => $.xml(nodes), feedUrl));
}

type Serialise = (nodes: AnyNode[]) => string;

const SUMMARY_FIELDS = ['description', 'summary', 'content:encoded', 'content', 'dc:description', 'body'];
const PUBLISHED_FIELDS = ['pubDate', 'published', 'issued', 'dc:date', 'dcterms:issued', 'dcterms:created'];
const UPDATED_FIELDS = ['updated', 'modified', 'dcterms:modified'];

function readEntry(entry: Element, xml: Serialise, feedUrl: string): RawEntry {
  const fields = new Map<string, Element[]>();
  for (const child of entry.children) {
    if (child.type !== 'tag') continue;
    const element = child as Element;
    const name = fieldName(element.name);
    const list = fields.get(name) ?? [];
    list.push(element);
    fields.set(name, list);
  }
  const firstElement = (...names: string[]): [Element, string] | undefined => {
    for (const name of names) {
      for (const element of fields.get(name) ?? []) {
        const value = textOf(element, xml).trim();
        if (value !== '') return [element, value];
      }
    }
    return undefined;
  };
  const first = (...names: string[]): string | undefined => firstElement(...names)?.[1];
  const at = (element: Element | undefined, href: string | undefined): string | undefined =>
    href === undefined || element === undefined ? href : resolveAgainst(href, baseOf(element, feedUrl));

  const linkText = firstElement('link');
  const atomLinkElement = (fields.get('link') ?? []).find(
    (l) => l.attribs.href && (l.attribs.rel ?? 'alternate') === 'alternate',
  );
  const guidFound = firstElement('guid', 'id');
  const guidElement = guidFound?.[0];
  const permalinkOff = guidElement?.attribs.isPermaLink === 'false';
  let guid = guidFound?.[1];
  if (
    guid !== undefined &&
    guidElement &&
    !permalinkOff &&
    hasExplicitBase(guidElement) &&
    !HAS_SCHEME.test(guid)
  )
    guid = at(guidElement, guid);
  const guidIsLink = !permalinkOff && /^https?:\/\//i.test(guid ?? '');
  const imageElement =
    (fields.get('enclosure') ?? []).find((e) => (e.attribs.type ?? '').startsWith('image/')) ??
    fields.get('media:thumbnail')?.[0];
  const summary = readSummary(firstElement(...SUMMARY_FIELDS));
  const updatedTexts: string[] = [];
  for (const name of UPDATED_FIELDS)
    for (const element of fields.get(name) ?? []) {
      const value = textOf(element, xml).trim();
      if (value !== '') updatedTexts.push(value);
    }
  return {
    link:
      at(linkText?.[0], linkText?.[1]) ??
      at(atomLinkElement, atomLinkElement?.attribs.href) ??
      (guidIsLink ? guid : undefined),
    title: first('title', 'dc:title'),
    summary: summary?.text,
    dateText: first(...PUBLISHED_FIELDS),
    updatedTexts,
    guid,
    image: at(imageElement, imageElement?.attribs.url),
    base: baseOf(entry, feedUrl),
    decoded: summary?.decoded,
  };
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function resolveAgainst(href: string, base: string): string {
  try {
    return new URL(href.trim(), base).toString();
  } catch {
    return href;
  }
}

/** The summary element's text, base64 content decoded (an undecodable one gives no text, never the encoded form). */
function readSummary(
  found: [Element, string] | undefined,
): { text: string | undefined; decoded: boolean } | undefined {
  if (!found) return undefined;
  const [element, value] = found;
  if (!isBase64Content(element)) return { text: value, decoded: false };
  return { text: decodeBase64Text(value), decoded: true };
}

/**
 * `rss:title` → `title`, `xhtml:body` → `body`; known extension prefixes (`dc:`, `content:`, `media:`, `dcterms:`)
 * are kept.
 */
function fieldName(name: string): string {
  const [prefix, local] = name.includes(':') ? name.split(':', 2) : [undefined, name];
  if (prefix && ['dc', 'content', 'media', 'dcterms'].includes(prefix)) return `${prefix}:${local ?? ''}`;
  return local ?? name;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** Content of an element: text and CDATA as text; unescaped markup inside (an HTML description) serialised. */
function textOf(element: Element, xml: Serialise): string {
  let out = '';
  for (const child of element.children) {
    if (child.type === 'text') out += child.data;
    else if (child.type === 'cdata') out += child.children.map((c) => ('data' in c ? c.data : '')).join('');
    else if (child.type === 'tag') out += xml([withLocalNames(child)]);
  }
  return out;
}

/** Markup inside a field with its prefixes dropped (`xhtml:p` → `p`), so the HTML text reader sees its blocks. */
function withLocalNames(root: Element): Element {
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const element = stack.pop();
    if (!element) continue;
    element.name = localName(element.name);
    for (const child of element.children) if (child.type === 'tag') stack.push(child as Element);
  }
  return root;
}
