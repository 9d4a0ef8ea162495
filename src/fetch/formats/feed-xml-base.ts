/**
 * `xml:base` (XML Base, RFC 3986 resolution) and base64 content for feed entries read through cheerio's XML mode:
 * bases nest (feed → entry → element), each relative one resolving against the one around it, the outermost against
 * the feed's URL. Pure.
 */
import type { Element } from 'domhandler';

/** Decoded base64 content longer than this is cut (the summary keeps far less anyway). */
const MAX_DECODED_CHARS = 256 * 1024;

/** The base in force on `element` itself (its own `xml:base` included), resolved down from `feedUrl`. */
export function baseOf(element: Element, feedUrl: string): string {
  const chain: string[] = [];
  for (let node: Element | null = element; node; node = parentElement(node)) {
    const base = node.attribs['xml:base'];
    if (base !== undefined && base.trim() !== '') chain.push(base.trim());
  }
  let current = feedUrl;
  for (let i = chain.length - 1; i >= 0; i--) current = resolve(chain[i] ?? '', current);
  return current;
}

/** Whether any `xml:base` is in force on `element` (an explicit base makes relative ids resolvable). */
export function hasExplicitBase(element: Element): boolean {
  for (let node: Element | null = element; node; node = parentElement(node))
    if (node.attribs['xml:base'] !== undefined) return true;
  return false;
}

function parentElement(node: Element): Element | null {
  const parent = node.parent;
  return parent && parent.type === 'tag' ? (parent as Element) : null;
}

function resolve(href: string, base: string): string {
  try {
    return new URL(href, base).toString();
  } catch {
    return base;
  }
}

/**
 * Whether an element's content is base64 (`mode="base64"` of Atom 0.3, `encoding="base64"`), so it must be decoded
 * before it is text.
 */
export function isBase64Content(element: Element): boolean {
  const mode = (element.attribs.mode ?? element.attribs.encoding ?? '').trim().toLowerCase();
  return mode === 'base64';
}

/** UTF-8 text of base64 `value`, or undefined when it is not base64 or not text. */
export function decodeBase64Text(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return undefined;
  const limit = Math.floor((MAX_DECODED_CHARS * 4) / 3 / 4) * 4;
  const bytes = Buffer.from(compact.slice(0, limit), 'base64');
  let text: string;
  try {
    // Streaming, so a sequence cut at the size limit is held back instead of failing the whole text.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: compact.length > limit });
  } catch {
    return undefined;
  }
  // Binary (an image someone base64'd into the feed) is not a summary.
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? undefined : text;
}
