/**
 * Nesting bound for XML feeds: an entry (`<item>` / `<entry>`, any prefix) whose elements nest deeper than
 * MAX_ENTRY_DEPTH is cut out of the document before any parser sees it, so one hostile or broken entry (thousands of
 * nested tags) costs that entry only, instead of a stack overflow that rejected the whole feed. One linear scan;
 * comments, CDATA, processing instructions and declarations are skipped, so markup inside them does not count.
 */

/** Deepest element nesting kept inside one entry (a real entry is under 10 deep). */
export const MAX_ENTRY_DEPTH = 64;

export const ENTRY = /^(?:[\w.-]+:)?(?:item|entry)$/i;

export interface BoundedFeedText {
  text: string;
  /** Entries cut out for nesting too deep. */
  dropped: number;
}

/** The end of the construct starting at `i` (`<!--`, `<![CDATA[`, `<?`, `<!`), or -1 when it is not one. */
export function skipSpecial(xml: string, i: number): number {
  if (xml.startsWith('<!--', i)) return endAfter(xml, '-->', i + 4);
  if (xml.startsWith('<![CDATA[', i)) return endAfter(xml, ']]>', i + 9);
  if (xml.startsWith('<?', i)) return endAfter(xml, '?>', i + 2);
  if (xml.startsWith('<!', i)) return endAfter(xml, '>', i + 2);
  return -1;
}

function endAfter(xml: string, close: string, from: number): number {
  const at = xml.indexOf(close, from);
  return at === -1 ? xml.length : at + close.length;
}

/** One tag at the scan position. No part of it crosses a `<`, so a failed match ends at the next one (linear). */
export const TAG = /<(\/?)([A-Za-z_][\w:.-]*)(?:[^<>"']|"[^<"]*"|'[^<']*')*?(\/?)>/y;

/** Cut out every entry nested deeper than `maxDepth`; the rest of the document is unchanged. */
export function dropDeepEntries(xml: string, maxDepth = MAX_ENTRY_DEPTH): BoundedFeedText {
  let depth = 0;
  // The entry being read: where it starts, its depth, and the deepest nesting seen inside it.
  let entryStart = -1;
  let entryDepth = 0;
  let entryDeepest = 0;
  const cuts: Array<[number, number]> = [];
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
        // The entry's close tag ends it even when tags inside were left open (`<br>` in an unescaped summary).
        if (entryDeepest - entryDepth > maxDepth) cuts.push([entryStart, end]);
        entryStart = -1;
        depth = entryDepth;
      }
    } else if (!selfClosing) {
      if (entryStart === -1 && ENTRY.test(name)) {
        entryStart = i;
        entryDepth = depth;
        entryDeepest = depth;
      }
      depth++;
      if (entryStart !== -1 && depth > entryDeepest) entryDeepest = depth;
    }
    i = xml.indexOf('<', end);
  }
  // An entry left open at the end of the document (cut short) that was already too deep goes too.
  if (entryStart !== -1 && entryDeepest - entryDepth > maxDepth) cuts.push([entryStart, xml.length]);
  if (cuts.length === 0) return { text: xml, dropped: 0 };
  let out = '';
  let from = 0;
  for (const [start, stop] of cuts) {
    out += xml.slice(from, start);
    from = stop;
  }
  return { text: out + xml.slice(from), dropped: cuts.length };
}
