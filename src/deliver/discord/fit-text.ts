/**
 * Text shaping for Discord: trim at word boundaries, isolate right-to-left runs, escape scraped markdown.
 */
import { escapeMarkdown } from 'discord.js';
import { stripBidiControls } from '../../shared/text/normalize-arabic.js';
import { stripControls } from '../../shared/text/strip-controls.js';

const ELLIPSIS = '…';
/** Right-to-left isolate … pop directional isolate: keeps numbers, URLs and Latin names in order around Arabic. */
const RLI = '\u2067';
const PDI = '\u2069';
const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const LTR_CHAR = /[A-Za-z\u00C0-\u024F\u0400-\u04FF]/u;

/**
 * Shorten `text` to at most `max` UTF-16 units, cutting at the last word boundary in the final third and adding
 * an ellipsis. Never splits a surrogate pair or leaves a dangling markdown escape backslash.
 */
export function trimToLimit(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? ELLIPSIS : '';
  let cut = text.slice(0, max - 1);
  const boundary = cut.search(/\s\S*$/u);
  if (boundary >= Math.floor((max - 1) * 0.66)) cut = cut.slice(0, boundary);
  // A lone high surrogate at the end would render as garbage.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  // An odd run of trailing backslashes would escape the ellipsis (or break the escape before it).
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  return cut.trimEnd() + ELLIPSIS;
}

/** True when the first strong character is right-to-left (Arabic, Hebrew, …). */
export function isRightToLeft(text: string): boolean {
  for (const ch of text) {
    if (RTL_CHAR.test(ch)) return true;
    if (LTR_CHAR.test(ch)) return false;
  }
  return false;
}

/**
 * Clean scraped text for display: drop bidi controls (an unbalanced one would reorder the rest of the embed),
 * collapse whitespace, defang `@everyone`/`@here` (never pinged anyway: allowed_mentions is empty) and escape
 * markdown so scraped `**`, `#` or `[x](y)` render literally. Text is first cut to `maxLength + 1` characters:
 * escapeMarkdown is super-linear (5 s on 34k characters), and escaping only makes text longer.
 */
export function cleanScraped(text: string, maxLength = 8192): string {
  const plain = stripBidiControls(stripControls(text))
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, maxLength + 1);
  const defanged = plain.replace(/@(everyone|here)/giu, '@\u200B$1');
  const escaped = escapeMarkdown(defanged, {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: false,
  });
  // escapeMarkdown's maskedLink escapes only the first `[`; a second `[text](url)` stayed a live link. It doubles
  // every backslash already, so each bracket left is the outlet's: escape all of them, and `<` so `<@id>`, `<#id>`,
  // `<@&id>`, `<t:…>` and `<https://…>` render literally.
  // Text is one line here: a leading `>` (quote) or `-#` (subtext) would still format the whole field.
  return escaped.replace(/[[\]<]/gu, '\\$&').replace(/^(>|-#)/u, '\\$1');
}

/**
 * Clean, trim to `max` (isolates included) and wrap right-to-left text in RLI…PDI. Trimming happens inside the
 * isolate so the pair always stays balanced.
 */
export function fitDisplayText(text: string, max: number): string {
  const clean = cleanScraped(text, max);
  if (!isRightToLeft(clean)) return trimToLimit(clean, max);
  return RLI + trimToLimit(clean, max - 2) + PDI;
}

/** An http(s) URL safe to put in an embed or a markdown link, or null. */
export function safeUrl(url: string | null | undefined, maxLength = 2048): string | null {
  if (!url || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  // Parentheses and spaces would end a markdown link early; URL.href already percent-encodes spaces.
  const href = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return href.length <= maxLength ? href : null;
}
