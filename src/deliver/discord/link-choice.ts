/**
 * The link of a report that always fits: the article URL when it is short enough, else a shorter equivalent —
 * its canonical URL, the outlet's stable short form (`shortLink` in its source file), then the dashboard's
 * `/i/<id>` redirect (when PUBLIC_DASHBOARD_URL is set), else the
 * shortest of them that Discord accepts at all. A report is left without a link only when none of its URLs is a
 * safe http(s) URL within Discord's 2,048-character URL limit.
 */
import { discordLimits } from './discord-payload.js';
import { safeUrl } from './fit-text.js';

/** What a link can be made from. */
export interface LinkRef {
  url: string;
  canonicalUrl?: string | null | undefined;
  /** The outlet's short form of the URL (see src/config/short-link.ts). @defaultValue undefined */
  shortUrl?: string | null | undefined;
  itemId?: string | null | undefined;
}

/**
 * raqib's own cap per link, far below Discord's 2,048: a digest message holds up to 25 stories in 6,000
 * characters, so a 400–450-character percent-encoded Arabic slug is worth replacing by a shorter equivalent.
 */
export const LINK_URL_CAP = 320;

export interface ChosenLink {
  url: string;
  /** True when even the shortest equivalent is over {@link LINK_URL_CAP}: the label should be kept short. */
  long: boolean;
}

const ITEM_ID = /^[A-Za-z0-9_-]{1,100}$/u;

/** `<dashboard>/i/<id>`, or null without a dashboard URL or with an id the redirect would refuse. */
export function redirectUrl(
  dashboardUrl: string | null | undefined,
  itemId: string | null | undefined,
): string | null {
  if (!dashboardUrl || !itemId || !ITEM_ID.test(itemId)) return null;
  return safeUrl(`${dashboardUrl.replace(/\/+$/u, '')}/i/${itemId}`);
}

export function chooseLink(ref: LinkRef, dashboardUrl?: string | null): ChosenLink | null {
  const candidates = [
    safeUrl(ref.url, discordLimits.url),
    safeUrl(ref.canonicalUrl ?? null, discordLimits.url),
    safeUrl(ref.shortUrl ?? null, discordLimits.url),
    redirectUrl(dashboardUrl, ref.itemId),
  ].filter((u): u is string => u !== null);
  const fitting = candidates.find((u) => u.length <= LINK_URL_CAP);
  if (fitting) return { url: fitting, long: false };
  const shortest = candidates.sort((a, b) => a.length - b.length)[0];
  return shortest ? { url: shortest, long: true } : null;
}
