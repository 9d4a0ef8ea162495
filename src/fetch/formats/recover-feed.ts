/**
 * Tolerant reading of a feed the strict parser refused: a truncated final close tag (`</rss` at end of file), an
 * unclosed element, RSS without `<channel>`, namespace-prefixed RSS elements (`<rss:item>`), items nested deep in
 * wrappers. htmlparser2 (through cheerio's XML mode) closes what is left open, so every entry that is itself well
 * formed is recovered; the caller records that the feed was repaired.
 */
import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { RawEntry } from './feed-entry.js';

const ENTRY_NAMES = new Set(['item', 'entry']);

/** Entries found anywhere in `text` (RSS `item` or Atom `entry`, any prefix), in document order; [] when none. */
export function recoverFeedEntries(text: string): RawEntry[] {
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
  return entries.map((entry) => readEntry(entry, (nodes) => $.xml(nodes)));
}

type Serialise = (nodes: AnyNode[]) => string;

function readEntry(entry: Element, xml: Serialise): RawEntry {
  const fields = new Map<string, Element[]>();
  for (const child of entry.children) {
    if (child.type !== 'tag') continue;
    const element = child as Element;
    const name = fieldName(element.name);
    const list = fields.get(name) ?? [];
    list.push(element);
    fields.set(name, list);
  }
  const first = (...names: string[]): string | undefined => {
    for (const name of names) {
      for (const element of fields.get(name) ?? []) {
        const value = textOf(element, xml).trim();
        if (value !== '') return value;
      }
    }
    return undefined;
  };
  const atomLink = (fields.get('link') ?? []).find(
    (l) => l.attribs.href && (l.attribs.rel ?? 'alternate') === 'alternate',
  )?.attribs.href;
  const guidElement = fields.get('guid')?.[0];
  const guid = first('guid', 'id');
  const guidIsLink = guidElement?.attribs.isPermaLink !== 'false' && /^https?:\/\//i.test(guid ?? '');
  const image =
    (fields.get('enclosure') ?? []).find((e) => (e.attribs.type ?? '').startsWith('image/'))?.attribs.url ??
    fields.get('media:thumbnail')?.[0]?.attribs.url;
  return {
    link: first('link') ?? atomLink ?? (guidIsLink ? guid : undefined),
    title: first('title', 'dc:title'),
    summary: first('description', 'summary', 'content:encoded', 'content', 'dc:description'),
    dateText: first('pubDate', 'published', 'dc:date', 'updated', 'dcterms:issued', 'dcterms:modified'),
    guid,
    image,
    base: entry.attribs['xml:base'],
  };
}

/** `rss:title` → `title`; known extension prefixes (`dc:`, `content:`, `media:`, `dcterms:`) are kept. */
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
    else if (child.type === 'tag') out += xml([child]);
  }
  return out;
}
