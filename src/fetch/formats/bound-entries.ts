/**
 * Entry bound for XML feeds, applied before any parser builds a tree: when a document has more top-level entries
 * (`<item>` / `<entry>`, any prefix) than a crawl can use, only the newest `maxEntries` stay in the text, so a
 * 100,000-entry feed costs one linear scan instead of a full parse of every entry. "Newest" is read cheaply from each
 * entry's own date element (publication date, failing that its latest update date); undated entries rank after
 * dated ones in document order (a feed lists its newest first), as the crawl's own newest-first order does. The kept
 * entries stay in document order and everything outside the entries is unchanged. Pure.
 */
import { ENTRY, skipSpecial, TAG } from './bound-nesting.js';

export interface EntryBoundedText {
  text: string;
  /** Entries found in the document; present only when some were cut. */
  found?: number;
}

/** Publication-date elements (RSS pubDate, Atom published, dc:date, dcterms:issued), first one wins. */
const PUBLISHED =
  /<(?:[\w.-]+:)?(?:pubDate|published|date|issued)(?:\s[^>]*)?>\s*(?:<!\[CDATA\[)?\s*([^<\]]{1,120})/i;
/** Update-date elements: the latest one counts when the entry states no publication date. */
const UPDATED = /<(?:[\w.-]+:)?(?:updated|modified)(?:\s[^>]*)?>\s*(?:<!\[CDATA\[)?\s*([^<\]]{1,120})/gi;

/** Longest stretch of one entry searched for its date (dates sit near the top; a huge summary is not read). */
const DATE_SCAN_CHARS = 16 * 1024;

/** Start and end offsets of every top-level entry, skipping comments, CDATA and declarations. */
export function entrySpans(xml: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let entryStart = -1;
  let entryDepth = 0;
  let i = xml.indexOf('<');
  while (i !== -1 && i < xml.length) {
    const special = skipSpecial(xml, i);
    if (special !== -1) {
      i = xml.indexOf('<', special);
      continue;
    }
    TAG.lastIndex = i;
    const match = TAG.exec(xml);
    if (!match) {
      i = xml.indexOf('<', i + 1);
      continue;
    }
    const [whole, closing, name = '', selfClosing] = match;
    const end = i + whole.length;
    if (closing) {
      depth = Math.max(0, depth - 1);
      if (entryStart !== -1 && ENTRY.test(name)) {
        spans.push([entryStart, end]);
        entryStart = -1;
        depth = entryDepth;
      }
    } else if (!selfClosing) {
      if (entryStart === -1 && ENTRY.test(name)) {
        entryStart = i;
        entryDepth = depth;
      }
      depth++;
    }
    i = xml.indexOf('<', end);
  }
  return spans;
}

/** The entry's date in ms since the epoch, or -Infinity when it states none that `Date.parse` reads. */
function entryTime(entry: string): number {
  const head = entry.slice(0, DATE_SCAN_CHARS);
  const published = PUBLISHED.exec(head)?.[1];
  if (published !== undefined) {
    const t = Date.parse(published.trim());
    if (!Number.isNaN(t)) return t;
  }
  let latest = -Infinity;
  for (const m of head.matchAll(UPDATED)) {
    const t = Date.parse((m[1] ?? '').trim());
    if (!Number.isNaN(t) && t > latest) latest = t;
  }
  return latest;
}

/** Keep the newest `maxEntries` top-level entries of `xml` (see the module comment); unchanged when it has fewer. */
export function keepNewestEntries(xml: string, maxEntries: number): EntryBoundedText {
  const spans = entrySpans(xml);
  if (spans.length <= maxEntries) return { text: xml };
  const ranked = spans.map(([start, end], i) => ({ i, t: entryTime(xml.slice(start, end)) }));
  ranked.sort((a, b) => (b.t === a.t ? a.i - b.i : b.t > a.t ? 1 : -1));
  const keep = new Uint8Array(spans.length);
  for (const r of ranked.slice(0, maxEntries)) keep[r.i] = 1;
  const parts: string[] = [];
  let from = 0;
  spans.forEach(([start, end], i) => {
    parts.push(xml.slice(from, start));
    if (keep[i] === 1) parts.push(xml.slice(start, end));
    from = end;
  });
  parts.push(xml.slice(from));
  return { text: parts.join(''), found: spans.length };
}
