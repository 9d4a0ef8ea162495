import { RaqibError } from '../../shared/errors.js';

export type FetchErrorCode =
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'redirect-loop'
  | 'host-not-allowed'
  | 'private-address'
  | 'robots-disallowed'
  | 'http-status'
  | 'network'
  | 'decode'
  | 'invalid-url'
  /** A "page not found" page served with a success status (soft 404): not an article. */
  | 'soft-not-found'
  /** The host asked every worker to wait (429/503/Retry-After) longer than the request may wait; see `retryAfterMs`. */
  | 'host-backoff';

const RETRYABLE: ReadonlySet<FetchErrorCode> = new Set(['timeout', 'network', 'http-status', 'host-backoff']);

/** A failed fetch. `status` is set for `http-status`; `retryAfterMs` when the server sent Retry-After. */
export class FetchError extends RaqibError {
  readonly fetchCode: FetchErrorCode;
  readonly url: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    fetchCode: FetchErrorCode,
    url: string,
    message: string,
    extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    const retryable =
      RETRYABLE.has(fetchCode) && (extra.status === undefined || extra.status >= 500 || extra.status === 429);
    super(`fetch-${fetchCode}`, `${message} (${url})`, { retryable, cause: extra.cause });
    this.fetchCode = fetchCode;
    this.url = url;
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs;
  }
}
