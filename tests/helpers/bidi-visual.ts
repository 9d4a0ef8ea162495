/**
 * The visual (left-to-right on screen) order of a line of text, by the Unicode Bidirectional Algorithm (bidi-js):
 * what a reader sees, so tests can assert that dates, counters and numbers keep their order next to Arabic.
 * Mirrored characters (brackets in right-to-left runs) are swapped; directional controls are dropped from the
 * result. Each line (split on \n) is its own paragraph.
 */
import bidiModule, { type Bidi } from 'bidi-js';

// bidi-js ships CommonJS (module.exports = factory) and ESM (export default factory); its types describe the
// latter, so under NodeNext the default import is typed as the module namespace.
type Factory = () => Bidi;
const factory = ((bidiModule as unknown as { default?: Factory }).default ??
  bidiModule) as unknown as Factory;
const bidi = factory();
const CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

export type ParagraphDirection = 'ltr' | 'rtl' | 'auto';

function visualParagraph(text: string, direction: ParagraphDirection): string {
  const levels = bidi.getEmbeddingLevels(text, direction === 'auto' ? undefined : direction);
  const chars = text.split('');
  for (const [index, char] of bidi.getMirroredCharactersMap(text, levels.levels)) chars[index] = char;
  for (const segment of bidi.getReorderSegments(text, levels)) {
    const [start, end] = segment as [number, number];
    const reversed = chars.slice(start, end + 1).reverse();
    chars.splice(start, reversed.length, ...reversed);
  }
  // Reversal flips surrogate pairs (emoji); put them back.
  const joined = chars.join('').replace(/([\uDC00-\uDFFF])([\uD800-\uDBFF])/gu, '$2$1');
  return joined.replace(CONTROLS, '');
}

/** The visual string of `text`, line by line, in a paragraph of `direction` (auto: first strong character). */
export function visual(text: string, direction: ParagraphDirection = 'ltr'): string {
  return text
    .split('\n')
    .map((line) => visualParagraph(line, direction))
    .join('\n');
}

/** An Arabic (or any right-to-left) phrase as it appears on screen: its characters reversed. */
export function onScreen(rtlPhrase: string): string {
  return rtlPhrase
    .split('')
    .reverse()
    .join('')
    .replace(/[()[\]]/gu, (c) => ({ '(': ')', ')': '(', '[': ']', ']': '[' })[c] ?? c);
}

/** The text a reader sees of a line of Discord markdown: masked links show their label, `**`/`__` vanish. */
export function shownText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\(<?[^)\s>]+>?\)/gu, '$1')
    .replace(/\*\*|__/gu, '')
    .replace(/\\([\\*_`~|[\]<>#-])/gu, '$1');
}
