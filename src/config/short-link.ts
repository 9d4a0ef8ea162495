/**
 * An outlet's stable short form of an article URL (`shortLink` in the source file), so a link that is too long for
 * Discord (percent-encoded Arabic slugs run to 400–450 characters) can still be posted. Pure.
 */
import type { Source } from './source-schema.js';

/** The short form of `url` for `source`, or null when the source has none, it does not match, or is not shorter. */
export function shortLinkOf(source: Pick<Source, 'shortLink'> | undefined, url: string): string | null {
  const rule = source?.shortLink;
  if (!rule) return null;
  const pattern = new RegExp(rule.pattern, 'u');
  if (!pattern.test(url)) return null;
  const short = url.replace(pattern, rule.replace);
  try {
    const parsed = new URL(short);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  } catch {
    return null;
  }
  return short.length < url.length ? short : null;
}
