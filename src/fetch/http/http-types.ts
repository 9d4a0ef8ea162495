/**
 * The contract of the one HTTP client policy. Formats, crawl and the pipeline code against this interface;
 * `http-client.ts` implements it.
 */
import type { Source } from '../../config/source-schema.js';

/** What a request is allowed to do, derived from its source. */
export interface FetchRequestPolicy {
  sourceId: string;
  /** Hosts (and their subdomains) the request and every redirect may reach. */
  allowedHosts: string[];
  /** Allow loopback, private and link-local addresses (tests and the demo only). */
  allowPrivateAddresses: boolean;
  /** Per host, across every worker process. */
  maxInFlight: number;
  /** Per host, minimum gap between request starts, across every worker process. */
  minDelayMs: number;
  obeyRobots: boolean;
  /** Why robots.txt is not obeyed (required by the source schema when `obeyRobots` is false); logged for operators. */
  robotsOverrideReason?: string | undefined;
  /** Force a charset instead of detecting it. */
  charset?: string | undefined;
  acceptLanguage?: string | undefined;
}

export type FetchTextResult =
  | {
      kind: 'not-modified';
      url: string;
      finalUrl: string;
      /** Why: the server said 304, the stored copy is still fresh by Cache-Control max-age (no request was made),
       *  or a 200 carried the same bytes as last time. */
      reason?: 'http-304' | 'fresh' | 'same-body';
    }
  | {
      kind: 'ok';
      url: string;
      finalUrl: string;
      status: number;
      contentType: string | null;
      /** Decoded text. */
      text: string;
      /** Raw body size in bytes. */
      bytes: number;
      /** The charset used to decode, e.g. `utf-8`, `windows-1256`; `utf-8 (repaired)` after mojibake repair. */
      charset: string;
    };

export interface FetchOptions {
  /** Send stored ETag / Last-Modified and return `not-modified` on 304 (default false). */
  conditional?: boolean;
  accept?: string;
  /**
   * Politeness visit: `open` for a feed or listing read, `follow` for the page of an entry it just listed (one
   * page per feed read skips the host's minimum delay, within 10 s; robots.txt Crawl-delay is always kept).
   */
  visit?: 'open' | 'follow';
}

export interface HttpClient {
  /** Fetch and decode a text resource. Every failure throws a `FetchError` with a code. */
  fetchText(url: string, policy: FetchRequestPolicy, options?: FetchOptions): Promise<FetchTextResult>;
  /** Drop the stored conditional-GET validators of `url` (the next conditional fetch returns the body). */
  forgetValidators?(url: string): Promise<void>;
  close(): Promise<void>;
}

/** The request policy of a source. */
export function policyForSource(source: Source): FetchRequestPolicy {
  return {
    sourceId: source.id,
    allowedHosts: source.allowedHosts,
    allowPrivateAddresses: source.allowPrivateAddresses,
    maxInFlight: source.politeness.maxInFlight,
    minDelayMs: source.politeness.minDelay,
    obeyRobots: source.robots.obey,
    robotsOverrideReason: source.robots.overrideReason,
    charset: source.charset,
    acceptLanguage: source.acceptLanguage,
  };
}
