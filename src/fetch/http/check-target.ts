/** The checks every URL (the first and each redirect hop) passes before any connection is made. Pure. */
import { isIP } from 'node:net';
import { isNonPublicAddress, type TrustedCheck } from './address-guard.js';
import { FetchError } from './fetch-error.js';
import type { FetchRequestPolicy } from './http-types.js';
import { effectivePort, isHostAllowed } from './host-allowlist.js';

/** Parse `raw` (relative to `base` for a Location header); throws `FetchError('invalid-url')`. */
export function parseTargetUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (error) {
    throw new FetchError('invalid-url', raw, 'not a valid URL', { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('invalid-url', url.href, `scheme ${url.protocol} is not fetched`);
  }
  url.hash = '';
  return url;
}

/**
 * Refuse a host outside the source's allowed hosts, and an IP literal in a non-public range unless the policy
 * allows private addresses. Host names are checked again after DNS, at connect time (see `address-guard.ts`).
 */
export function checkTarget(url: URL, policy: FetchRequestPolicy, isTrusted: TrustedCheck): void {
  const port = effectivePort(url);
  if (!isHostAllowed(url.hostname, policy.allowedHosts, port)) {
    const allowed = policy.allowedHosts.length > 0 ? policy.allowedHosts.join(', ') : 'none configured';
    throw new FetchError(
      'host-not-allowed',
      url.href,
      `host ${url.hostname} is not allowed for ${policy.sourceId} (allowed: ${allowed})`,
    );
  }
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (
    !policy.allowPrivateAddresses &&
    isIP(literal) !== 0 &&
    isNonPublicAddress(literal) &&
    !isTrusted(literal, port)
  ) {
    throw new FetchError('private-address', url.href, `${literal} is a non-public address`);
  }
}
