/**
 * A short, operator-facing cause for a failed connection, read from the error's `code` chain (Node's DNS and socket
 * codes): "DNS: host not found (ENOTFOUND)" rather than a bare "network".
 */
import type { FetchError } from './fetch-error.js';

const CAUSES: Record<string, string> = {
  ENOTFOUND: 'DNS: host not found',
  EAI_AGAIN: 'DNS: lookup failed temporarily',
  EAI_FAIL: 'DNS: lookup failed',
  ENODATA: 'DNS: no address for the host',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'connection closed by the server',
  CERT_HAS_EXPIRED: 'TLS: certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS: self-signed certificate in chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: certificate not verifiable',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: certificate is for another host',
};

/** The first string `code` along `cause` links (at most 6 deep). */
function firstCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('fetch-')) return code;
  }
  return undefined;
}

/** Why a `network`, `timeout` or `host-backoff` fetch failed, in a few words with the system code when known. */
export function networkCause(error: FetchError): string {
  if (error.fetchCode === 'timeout') return 'timeout: no complete response in time';
  if (error.fetchCode === 'host-backoff') return 'host asked us to wait (429/503 Retry-After)';
  const code = firstCode(error.cause);
  if (code === undefined) return `network: ${error.message}`;
  const known = CAUSES[code];
  return known ? `${known} (${code})` : `network: ${code}`;
}
