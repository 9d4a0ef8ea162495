/**
 * WebSub discovery in a feed's own markup: the hub (`<atom:link rel="hub">` in RSS, `<link rel="hub">` in Atom)
 * and the topic (`rel="self"`, the URL the hub knows the feed by). The HTTP `Link` header form is not read (the
 * HTTP client does not pass response headers on). Read with a tolerant scan of `link` start tags rather than a
 * full parse: discovery must not fail on a feed that the lenient feed parser had to repair. Pure.
 */

export interface HubLinks {
  hub: string;
  /** The feed's self URL, or the URL it was fetched from when it names none. */
  topic: string;
}

const LINK_TAG = /<(?:[A-Za-z][\w.-]*:)?link\b([^>]*)>/gi;
const ATTRIBUTE = /([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of raw.matchAll(ATTRIBUTE)) out.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? '');
  return out;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'");
}

function absolute(href: string, base: string): string | null {
  try {
    const url = new URL(decodeEntities(href.trim()), base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The first hub and self link of the feed text, or null when it advertises no hub. */
export function findHubLinks(feedText: string, feedUrl: string): HubLinks | null {
  // Only the feed's head: a hub link inside an entry's content is not the feed's.
  const head = feedText.slice(0, 200_000).split(/<(?:item|entry)\b/i)[0] ?? '';
  let hub: string | null = null;
  let self: string | null = null;
  for (const m of head.matchAll(LINK_TAG)) {
    const attrs = attributes(m[1] ?? '');
    const rels = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const href = attrs.get('href');
    if (!href) continue;
    if (!hub && rels.includes('hub')) hub = absolute(href, feedUrl);
    if (!self && rels.includes('self')) self = absolute(href, feedUrl);
  }
  return hub ? { hub, topic: self ?? feedUrl } : null;
}
