/**
 * One HTTP request (one redirect hop): waits for a per-host politeness slot, sends the GET through undici, reads
 * the body under the size cap and the total timeout, releases the slot, and maps every failure to a `FetchError`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { request, type Dispatcher } from 'undici';
import { FetchError } from './fetch-error.js';
import type { HostSlots } from './host-slots.js';
import { SlotWaitError } from './host-slots.js';
import { BodyEncodingError, BodyTooLargeError, readCappedBody } from './read-body.js';

export interface HopResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body; empty for redirects, 304 and error statuses (those bodies are discarded unread). */
  body: Buffer;
}

export interface HopSettings {
  dispatcher: Dispatcher;
  slots: HostSlots;
  headers: Record<string, string>;
  maxInFlight: number;
  minDelayMs: number;
  /** Total time for the request, headers and body (the politeness wait has its own budget of the same size). */
  timeoutMs: number;
  maxBytes: number;
  /** Return the first `maxBytes` of a longer body instead of failing `too-large` (robots.txt, RFC 9309 §2.5). */
  truncateAtMax?: boolean | undefined;
  /** Part of a visit (see `AcquireOptions.visit`): a feed read opens one, the page it leads to follows. */
  visit?: 'open' | 'follow' | undefined;
}

const DISCARD_LIMIT = 64 * 1024;

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Walk `cause` links looking for an error code. */
function findCode(error: unknown, codes: ReadonlySet<string>): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && codes.has(code)) return code;
  }
  return undefined;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const PRIVATE_CODES = new Set(['ERR_RAQIB_PRIVATE_ADDRESS']);

/** A `FetchError` for whatever went wrong during a hop. */
export function toFetchError(error: unknown, url: string, timedOut: boolean, timeoutMs: number): FetchError {
  if (error instanceof FetchError) return error;
  if (error instanceof BodyTooLargeError) {
    return new FetchError('too-large', url, `body exceeds ${error.maxBytes} bytes`, { cause: error });
  }
  if (error instanceof BodyEncodingError)
    return new FetchError('decode', url, error.message, { cause: error });
  if (findCode(error, PRIVATE_CODES)) {
    return new FetchError('private-address', url, (error as Error).message, { cause: error });
  }
  if (timedOut || findCode(error, TIMEOUT_CODES)) {
    return new FetchError('timeout', url, `no complete response within ${timeoutMs} ms`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FetchError('network', url, message, { cause: error });
}

/** Send one GET to `url` under the host's politeness slot. Statuses are returned, not thrown. */
export async function requestHop(url: URL, settings: HopSettings): Promise<HopResponse> {
  let slot;
  try {
    slot = await settings.slots.acquire(url.host, {
      maxInFlight: settings.maxInFlight,
      minDelayMs: settings.minDelayMs,
      leaseMs: settings.timeoutMs + 10_000,
      waitBudgetMs: settings.timeoutMs,
      visit: settings.visit,
    });
  } catch (error) {
    if (error instanceof SlotWaitError && error.reason === 'backoff') {
      throw new FetchError('host-backoff', url.href, `${url.host} asked clients to wait ${error.waitMs} ms`, {
        retryAfterMs: error.waitMs,
      });
    }
    throw new FetchError(
      'timeout',
      url.href,
      `no request slot for ${url.host} within ${settings.timeoutMs} ms`,
      {
        cause: error,
      },
    );
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMs);
  try {
    const response = await request(url.href, {
      method: 'GET',
      headers: settings.headers,
      dispatcher: settings.dispatcher,
      signal: controller.signal,
    });
    const { statusCode: status, headers } = response;
    if (status < 200 || status >= 300) {
      await response.body.dump({ limit: DISCARD_LIMIT }).catch(() => undefined);
      return { status, headers, body: Buffer.alloc(0) };
    }
    const declared = Number(headerText(headers['content-length']));
    if (
      Number.isFinite(declared) &&
      declared > settings.maxBytes &&
      !headers['content-encoding'] &&
      !settings.truncateAtMax
    ) {
      response.body.destroy();
      throw new BodyTooLargeError(settings.maxBytes);
    }
    const body = await readCappedBody(
      response.body,
      headerText(headers['content-encoding']),
      settings.maxBytes,
      settings.truncateAtMax === true,
    );
    return { status, headers, body };
  } catch (error) {
    throw toFetchError(error, url.href, timedOut, settings.timeoutMs);
  } finally {
    clearTimeout(timer);
    await slot.release().catch(() => undefined);
  }
}
