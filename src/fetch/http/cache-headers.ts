/** Reading Cache-Control, Age and Retry-After. Pure. */

type HeaderValue = string | string[] | undefined;

function firstValue(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * How long a response stays fresh, in ms: `max-age` minus `Age`, or `undefined` when the response may not be
 * reused without asking (`no-store`, `no-cache`, `private` is fine for us, no `max-age`, or a non-positive result).
 */
export function freshnessLifetimeMs(cacheControl: HeaderValue, age: HeaderValue): number | undefined {
  const value = firstValue(cacheControl)?.toLowerCase();
  if (!value) return undefined;
  const directives = value.split(',').map((d) => d.trim());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache' || d.startsWith('no-cache=')))
    return undefined;
  const maxAge = directives.map((d) => /^max-age\s*=\s*"?(\d+)"?$/.exec(d)).find((m) => m !== null);
  if (!maxAge) return undefined;
  const ageSeconds = Number.parseInt(firstValue(age) ?? '0', 10);
  const seconds = Number(maxAge[1]) - (Number.isFinite(ageSeconds) && ageSeconds > 0 ? ageSeconds : 0);
  return seconds > 0 ? seconds * 1000 : undefined;
}

/** Retry-After as a delay in ms from `nowMs` (delta-seconds or an HTTP date); `undefined` when absent or invalid. */
export function parseRetryAfterMs(value: HeaderValue, nowMs: number): number | undefined {
  const text = firstValue(value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse accepts odd things ("-5" is the year -5); an HTTP date always names a weekday or month.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
