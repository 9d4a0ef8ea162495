/** A flash derived from a corpus item: the headline and the first sentence of the body, as a wire sends it. */
import type { LabelledItem } from './labelled-items.js';

/**
 * End of a sentence: . ! ? ؟ followed by space, but not after an initial such as the "S" of "U.S.", and not a
 * double dot (the clause separator of Arabic headlines: "بعد انسحاب القوات.. العراق يستعد").
 */
const SENTENCE_END = /(?<!(?:^|[\s.])\p{Lu})(?<!\.)(?:\.(?!\.)|\.{3,}|[!?؟][.!?؟]*)\s+/u;

/** The body text of the flash of `item` (its title, when it has one, stays the title). */
export function flashOf(item: Pick<LabelledItem, 'title' | 'text'>): string {
  const lines = item.text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const headline = item.title ?? lines.shift() ?? '';
  const body = lines.join(' ');
  const end = SENTENCE_END.exec(body);
  const first = end ? body.slice(0, end.index + end[0].length).trim() : body;
  return item.title ? first : `${headline}\n${first}`;
}
