/**
 * Follows redirects by hand so every hop passes the same checks as the first URL: allowed hosts, private
 * addresses (literal here, resolved at connect time), robots.txt, politeness. Stops on loops and long chains.
 */
import type { TrustedCheck } from './address-guard.js';
import { FetchError } from './fetch-error.js';
import type { FetchRequestPolicy } from './http-types.js';
import { checkTarget, parseTargetUrl } from './check-target.js';
import { requestHop, type HopResponse, type HopSettings } from './request-hop.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface FollowSettings {
  policy: FetchRequestPolicy;
  maxRedirects: number;
  isTrusted: TrustedCheck;
  /** Robots check per hop; returns a Crawl-delay in ms if the host sets one. Absent = robots not consulted. */
  checkRobots?: ((url: URL) => Promise<number | undefined>) | undefined;
  hop: Omit<HopSettings, 'minDelayMs' | 'maxInFlight'>;
}

export interface FinalResponse extends HopResponse {
  finalUrl: URL;
}

/** GET `start`, following up to `maxRedirects` redirects; returns the first non-redirect response. */
export async function fetchFollowingRedirects(start: URL, settings: FollowSettings): Promise<FinalResponse> {
  const { policy } = settings;
  const seen = new Set<string>();
  let current = start;
  for (let redirects = 0; ; redirects++) {
    checkTarget(current, policy, settings.isTrusted);
    seen.add(current.href);
    const crawlDelayMs = settings.checkRobots ? await settings.checkRobots(current) : undefined;
    const response = await requestHop(current, {
      ...settings.hop,
      maxInFlight: policy.maxInFlight,
      // A robots.txt Crawl-delay can only slow us down, and never past a minute (some sites ask for hours).
      minDelayMs: Math.max(policy.minDelayMs, Math.min(crawlDelayMs ?? 0, 60_000)),
      // Only the first hop belongs to a visit, and a host that sets a Crawl-delay is paced strictly by it.
      visit: redirects === 0 && !crawlDelayMs ? settings.hop.visit : undefined,
    });
    const location = response.headers.location;
    if (!REDIRECTS.has(response.status) || location === undefined) return { ...response, finalUrl: current };
    const next = parseTargetUrl(Array.isArray(location) ? (location[0] ?? '') : location, current);
    if (seen.has(next.href)) {
      throw new FetchError('redirect-loop', start.href, `redirect loop: ${current.href} → ${next.href}`);
    }
    if (redirects + 1 > settings.maxRedirects) {
      throw new FetchError('too-many-redirects', start.href, `more than ${settings.maxRedirects} redirects`);
    }
    current = next;
  }
}
