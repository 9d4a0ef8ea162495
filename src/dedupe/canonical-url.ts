/**
 * Canonical URLs for comparison and storage (never for requests: request with the URL the outlet gave).
 * Rules: docs/OUTLETS.md "Canonical URL rules". Hand-written because normalisation packages (normalize-url and the
 * like) know nothing of AMP/lite paths, outlet domain moves or Arabic slugs, and the WHATWG `URL` parser does the
 * hard part (hosts, ports, IDNA).
 */
import { DOMAIN_MOVES, STABLE_ID_RULES, TRACKING_PARAMS, TRACKING_PARAM_PREFIXES } from './url-rules.js';

const MAX_URL_LENGTH = 8192;

/** Characters left unescaped inside a path segment (RFC 3986 pchar minus '/'). */
const SAFE_SEGMENT_CHARS = /[!$&'()*+,;=:@]/g;

/** Decode one path segment if its escapes are valid UTF-8, then re-encode it in one consistent way. */
function normalizeSegment(segment: string): string {
  // eslint-disable-next-line no-useless-assignment -- kept when the escapes are invalid
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Invalid escapes (e.g. a lone %E2 or a windows-1256 byte): keep the segment as the outlet wrote it.
    return segment.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());
  }
  // An encoded slash is part of the segment, not a separator: keep it encoded.
  return decoded
    .split('/')
    .map((part) => encodeURIComponent(part).replace(SAFE_SEGMENT_CHARS, (c) => decodeURIComponent(c)))
    .join('%2F');
}

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PARAM_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** Strip AMP and lite variants from the path: `/amp/<path>`, `<path>/amp`, `<path>.amp`, `/lite/<path>`. */
function stripAmpPath(path: string): string {
  let out = path.replace(/^\/(?:amp|lite)(?=\/)/i, '');
  out = out.replace(/\/(?:amp|lite)\/?$/i, '');
  out = out.replace(/\.amp(\.html?)?$/i, (_m, ext: string | undefined) => ext ?? '');
  return out === '' ? '/' : out;
}

/** Google AMP cache: `https://<host-with-dashes>.cdn.ampproject.org/c/s/<host>/<path>` → `https://<host>/<path>`. */
function unwrapAmpCache(url: URL): URL {
  if (!url.hostname.endsWith('.cdn.ampproject.org')) return url;
  const match = /^\/(?:c|v)\/(?:s\/)?(.+)$/.exec(url.pathname);
  if (!match?.[1]) return url;
  try {
    return new URL(`https://${match[1]}${url.search}`);
  } catch {
    return url;
  }
}

function applyDomainMoves(host: string, path: string): string {
  for (const move of DOMAIN_MOVES) {
    if (host === move.from && (move.pathPrefix === undefined || path.startsWith(move.pathPrefix)))
      return move.to;
  }
  return host;
}

/**
 * Canonical form of an article URL for comparison and storage: `https`, host lower-cased without `www.`/`amp.`/`m.`,
 * known domain moves applied, AMP/lite variants mapped to the article, tracking parameters (`utm_*`, `fbclid`,
 * `gclid`, …) removed and the rest sorted, fragment dropped, trailing slash removed, percent-encoding normalised
 * (upper-case hex, non-ASCII always encoded). Arabic letters are kept as they are — tatweel included, since it is
 * part of some outlets' paths. Never throws: input that is not an http(s) URL comes back trimmed.
 */
export function canonicalizeUrl(url: string): string {
  const trimmed = typeof url === 'string' ? url.trim() : '';
  if (trimmed === '' || trimmed.length > MAX_URL_LENGTH) return trimmed;
  let parsed: URL;
  try {
    parsed = unwrapAmpCache(new URL(trimmed));
  } catch {
    return trimmed;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return trimmed;

  const rawPath = parsed.pathname.replace(/\/{2,}/g, '/');
  const segments = rawPath.split('/').map(normalizeSegment);
  let path = stripAmpPath(segments.join('/'));
  if (path.length > 1) path = path.replace(/\/+$/, '');

  let host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  host = host.replace(/^(?:www\d?|amp|m)\./, '');
  host = applyDomainMoves(host, path);

  const params = [...parsed.searchParams.entries()]
    .filter(([name]) => !isTrackingParam(name))
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const query = params.length === 0 ? '' : `?${new URLSearchParams(params).toString()}`;
  const port = parsed.port && parsed.port !== '80' && parsed.port !== '443' ? `:${parsed.port}` : '';
  return `https://${host}${port}${path}${query}`;
}

/**
 * The outlet's own article id when the URL carries one, as `<host>:<id>` (Kurdistan24: `<host>:<lang>:<id>`), e.g.
 * `alsumaria.tv:490157`. Null for outlets without a URL id rule or URLs that do not match. Never throws.
 */
export function stableIdFromUrl(url: string): string | null {
  const canonical = canonicalizeUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(canonical);
  } catch {
    return null;
  }
  let path = parsed.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the encoded path: the id rules only look at ASCII digits
  }
  for (const rule of STABLE_ID_RULES) {
    if (parsed.hostname !== rule.host) continue;
    const match = rule.pattern.exec(path);
    if (!match?.[1]) continue;
    const parts = match[2] === undefined ? [match[1]] : [match[1].toLowerCase(), match[2]];
    return `${rule.namespace}:${parts.join(':')}`;
  }
  return null;
}
