/**
 * Keeps the candidates that are articles of this source: on an allowed host, matching `article.linkPattern` and not
 * `article.linkExclude` (RE2, linear time, on a URL of at most 2,048 characters), not dated in the future. Every drop is returned with its reason so operators can see why an item never arrived.
 */
import type { Source } from '../../config/source-schema.js';
import { compileSourcePattern, MAX_PATTERN_SUBJECT_CHARS } from '../../config/source-regex.js';
import type { CandidateItem } from '../../shared/types.js';

/** Dates up to this far ahead are clock skew (feeds stamped by a fast server), not future items. Default 5 minutes. */
export const FUTURE_SKEW_MS = 5 * 60_000;

const TRACKING_PARAM = /^(?:utm_[a-z_]+|fbclid|gclid|mc_cid|mc_eid|at_medium|at_campaign)$/i;

export interface DroppedCandidate {
  url: string;
  reason: 'host-not-allowed' | 'link-pattern' | 'link-too-long' | 'future-date' | 'duplicate';
  detail?: string;
}

export interface FilterResult {
  kept: CandidateItem[];
  dropped: DroppedCandidate[];
  /** Candidates looked at (all of them unless a bound in `FilterBounds` stopped the filter first). */
  examined: number;
}

/** Stop early: after `keepAtMost` kept, or after looking at `examineAtMost` candidates. Default: no bound. */
export interface FilterBounds {
  keepAtMost?: number;
  examineAtMost?: number;
}

/**
 * Tidy a candidate link: drop tracking parameters, and upgrade `http:` to `https:` when the page that linked it was
 * fetched over https from the same site (Euronews feeds link `http://` while the site is https-only). Local test
 * servers (`http://127.0.0.1`) keep `http:` because their layer URL is `http:` too.
 */
export function tidyLink(link: string, layerUrl: string): string {
  const url = new URL(link);
  for (const key of [...url.searchParams.keys()]) if (TRACKING_PARAM.test(key)) url.searchParams.delete(key);
  if (url.protocol === 'http:' && new URL(layerUrl).protocol === 'https:') url.protocol = 'https:';
  return url.toString();
}

/** True when `host` is one of `allowed` or a subdomain of one. */
export function isHostAllowed(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase();
  return allowed.some((a) => h === a || h.endsWith(`.${a}`));
}

/**
 * The part of a URL `article.linkPattern` is tested against: the percent-decoded path plus the query, e.g.
 * `/ar/اقتصـاد/some-slug?x=1`. The host is left out (allowed hosts check it) so the same pattern works when a
 * test or demo server serves the source from another origin.
 */
export function linkPatternSubject(url: URL): string {
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Invalid percent-encoding: match the raw path.
  }
  return path + url.search;
}

/** Filter and tidy one layer's candidates for `source`. `now` is the crawl time. */
export function filterCandidates(
  candidates: readonly CandidateItem[],
  source: Pick<Source, 'allowedHosts' | 'article'>,
  layerUrl: string,
  now: Date,
  bounds: FilterBounds = {},
): FilterResult {
  const keepAtMost = bounds.keepAtMost ?? Infinity;
  const examineAtMost = bounds.examineAtMost ?? Infinity;
  // RE2 (linear time) on a bounded subject: an outlet's URLs cannot make the pattern backtrack.
  const pattern = source.article.linkPattern ? compileSourcePattern(source.article.linkPattern) : undefined;
  const exclude = source.article.linkExclude ? compileSourcePattern(source.article.linkExclude) : undefined;
  const layerHost = new URL(layerUrl).hostname.toLowerCase();
  // The layer's own host is always allowed: a demo or test server may serve the source from 127.0.0.1.
  const allowed = [...source.allowedHosts, layerHost];
  const limit = now.getTime() + FUTURE_SKEW_MS;
  const seen = new Set<string>();
  const kept: CandidateItem[] = [];
  const dropped: DroppedCandidate[] = [];
  let examined = 0;
  for (const candidate of candidates) {
    if (kept.length >= keepAtMost || examined >= examineAtMost) break;
    examined++;
    if (candidate.url.length > MAX_PATTERN_SUBJECT_CHARS) {
      dropped.push({
        url: candidate.url.slice(0, 200),
        reason: 'link-too-long',
        detail: `${candidate.url.length} characters (at most ${MAX_PATTERN_SUBJECT_CHARS})`,
      });
      continue;
    }
    const link = tidyLink(candidate.url, layerUrl);
    const url = new URL(link);
    const subject = pattern || exclude ? linkPatternSubject(url) : '';
    if (!isHostAllowed(url.hostname, allowed)) {
      dropped.push({ url: link, reason: 'host-not-allowed', detail: url.hostname });
    } else if ((pattern && !pattern.test(subject)) || exclude?.test(subject)) {
      dropped.push({ url: link, reason: 'link-pattern' });
    } else if (candidate.publishedAt && Date.parse(candidate.publishedAt) > limit) {
      dropped.push({ url: link, reason: 'future-date', detail: candidate.publishedAt });
    } else if (seen.has(link)) {
      dropped.push({ url: link, reason: 'duplicate' });
    } else {
      seen.add(link);
      kept.push({ ...candidate, url: link });
    }
  }
  return { kept, dropped, examined };
}
