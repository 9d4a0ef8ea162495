/**
 * The one HTTP client policy (undici 7): timeouts, size cap, manual redirects with per-hop checks, gzip/brotli,
 * a descriptive User-Agent, robots.txt, per-host politeness shared through Redis, conditional GET, charset decoding.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Agent } from 'undici';
import { createTrustedList } from './address-guard.js';
import { freshnessLifetimeMs, parseRetryAfterMs } from './cache-headers.js';
import { decodeBody } from './charset/decode-body.js';
import { parseTargetUrl } from './check-target.js';
import { networkCause } from './network-cause.js';
import { FetchError } from './fetch-error.js';
import { createGuardedConnector } from './guarded-connector.js';
import { fetchFollowingRedirects, type FinalResponse, type FollowSettings } from './follow-redirects.js';
import type { FetchOptions, FetchRequestPolicy, FetchTextResult, HttpClient } from './http-types.js';
import { createHostSlots } from './host-slots.js';
import { createRobotsGate, type RobotsFetchOutcome } from './robots-gate.js';
import { buildUserAgent, ROBOTS_AGENT_TOKEN } from './user-agent.js';
import { createValidatorStore, hashBody, type StoredValidators } from './validator-store.js';

export interface HttpClientOptions {
  redis: Redis;
  /** Prefix of every Redis key, e.g. `raqib`. */
  keyPrefix: string;
  logger: Logger;
  /** Default `raqib/0.1 (news monitor; +<contact>)`. */
  userAgent?: string;
  /** A URL or e-mail for site operators, put in the default User-Agent. */
  contact?: string;
  /** Total time for one request hop, headers and body (default 20000). Waiting for a politeness slot has its own
   *  budget of the same length. */
  timeoutMs?: number;
  /** TCP/TLS connect timeout (default 10000, at most `timeoutMs`). */
  connectTimeoutMs?: number;
  /** Decompressed body cap (default 8 MiB). */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** How long a fetched robots.txt is used (default 1 hour). */
  robotsCacheTtlMs?: number;
  /** Cap on Cache-Control freshness, so a year-long max-age cannot hide a changing page (default 10 minutes). */
  maxFreshnessMs?: number;
  /** Addresses or CIDR ranges treated as public although they are private, e.g. an operator's internal mirror. */
  trustedAddresses?: string[];
  /** Clock for cache freshness and robots expiry (default `Date.now`); politeness uses the Redis server clock. */
  now?: () => number;
}

/** An `HttpClient` plus conditional-GET maintenance. */
export interface RaqibHttpClient extends HttpClient {
  /** Drop the stored validators of `url`, so the next conditional fetch returns the body even if unchanged. */
  forgetValidators(url: string): Promise<void>;
}

const ROBOTS_MAX_BYTES = 512 * 1024;
/** Back-off after 429/503 without a usable Retry-After, and the longest Retry-After honoured. */
const DEFAULT_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 6 * 3600_000;
const NOT_TEXT = /^(?:image|audio|video|font)\/|^application\/(?:pdf|zip|x-msdownload|gzip)\b/i;
const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Create the HTTP client. `fetchText`:
 * - refuses URLs outside `policy.allowedHosts`, and non-public addresses (checked on the resolved IP at connect
 *   time and on every redirect hop) unless `policy.allowPrivateAddresses`;
 * - obeys robots.txt when `policy.obeyRobots` (4xx robots = allow all; 5xx/unreachable = retryable `network` error);
 * - waits for a per-host slot shared by every worker (`maxInFlight`, `minDelayMs`, plus any host back-off);
 * - on 429/503 records a host-wide back-off from Retry-After (default 60 s, at most 6 h) and throws `http-status`;
 * - with `conditional: true`, sends the stored ETag / Last-Modified and returns `not-modified` on 304; returns
 *   `not-modified` **without any request** while the last response is fresh by Cache-Control max-age (capped by
 *   `maxFreshnessMs`); and returns `not-modified` when a 200 carries exactly the bytes seen last time.
 */
export function createHttpClient(options: HttpClientOptions): RaqibHttpClient {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? 10_000, timeoutMs);
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const maxFreshnessMs = options.maxFreshnessMs ?? 600_000;
  const now = options.now ?? Date.now;
  const userAgent = options.userAgent ?? buildUserAgent(options.contact);
  const isTrusted = createTrustedList(options.trustedAddresses ?? []);
  const agentOptions = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connections: 16 };
  const guardedAgent = new Agent({
    ...agentOptions,
    connect: createGuardedConnector(isTrusted, connectTimeoutMs),
  });
  const openAgent = new Agent({ ...agentOptions, connect: { timeout: connectTimeoutMs } });
  const slots = createHostSlots(options.redis, options.keyPrefix);
  const validators = createValidatorStore(options.redis, options.keyPrefix);
  const log = options.logger;

  function followSettings(
    policy: FetchRequestPolicy,
    headers: Record<string, string>,
    limit: number,
    checkRobots: FollowSettings['checkRobots'],
  ): FollowSettings {
    return {
      policy,
      maxRedirects,
      isTrusted,
      checkRobots,
      hop: {
        dispatcher: policy.allowPrivateAddresses ? openAgent : guardedAgent,
        slots,
        headers: { 'user-agent': userAgent, 'accept-encoding': 'gzip, br, deflate', ...headers },
        timeoutMs,
        maxBytes: limit,
      },
    };
  }

  /** robots.txt is fetched under the page's policy (same hosts, addresses, politeness) but not robots itself. */
  async function fetchRobots(robotsUrl: string, policy: FetchRequestPolicy): Promise<RobotsFetchOutcome> {
    try {
      const settings = followSettings(
        policy,
        { accept: 'text/plain,*/*;q=0.5' },
        ROBOTS_MAX_BYTES,
        undefined,
      );
      // RFC 9309 §2.5: a longer file is parsed up to the limit, not treated as absent (which would allow all).
      settings.hop.truncateAtMax = true;
      const response = await fetchFollowingRedirects(parseTargetUrl(robotsUrl), settings);
      if (response.status >= 200 && response.status < 300) {
        let body = response.body;
        if (body.length >= ROBOTS_MAX_BYTES) {
          // Cut: the last line may be a rule cut in half, so parse complete lines only.
          body = body.subarray(0, body.lastIndexOf(0x0a) + 1);
          log?.warn(
            { robotsUrl, sourceId: policy.sourceId, limitBytes: ROBOTS_MAX_BYTES },
            'robots.txt is over the size limit: parsing its first part only',
          );
        }
        return {
          kind: 'text',
          text: decodeBody(body, headerText(response.headers['content-type']) ?? null).text,
        };
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 429)
        return { kind: 'allow-all' };
      return { kind: 'unreachable', why: `status ${response.status}` };
    } catch (error) {
      if (!(error instanceof FetchError)) throw error;
      if (error.fetchCode === 'private-address') throw error;
      if (
        error.fetchCode === 'network' ||
        error.fetchCode === 'timeout' ||
        error.fetchCode === 'host-backoff'
      ) {
        return { kind: 'unreachable', why: networkCause(error) };
      }
      // RFC 9309: a robots.txt we cannot follow (too many redirects, other host) counts as absent.
      return { kind: 'allow-all' };
    }
  }

  const robotsOverrideLogged = new Set<string>();
  const robotsByPolicy = new Map<string, ReturnType<typeof createRobotsGate>>();
  function robotsGateFor(policy: FetchRequestPolicy) {
    // The cache (Redis and memory) is per origin; the gate instance only carries the policy used to fetch it.
    let gate = robotsByPolicy.get(policy.sourceId);
    if (!gate) {
      gate = createRobotsGate({
        redis: options.redis,
        keyPrefix: options.keyPrefix,
        logger: log,
        agentToken: ROBOTS_AGENT_TOKEN,
        ttlMs: options.robotsCacheTtlMs ?? 3600_000,
        now,
        fetchRobots: (robotsUrl) => fetchRobots(robotsUrl, policy),
      });
      robotsByPolicy.set(policy.sourceId, gate);
    }
    return gate;
  }

  async function handleFinal(
    url: string,
    response: FinalResponse,
    policy: FetchRequestPolicy,
    stored: StoredValidators | undefined,
  ): Promise<FetchTextResult> {
    const finalUrl = response.finalUrl.href;
    const { status, headers } = response;
    const freshFor = freshnessLifetimeMs(headers['cache-control'], headers.age);
    const freshForMs = freshFor === undefined ? undefined : Math.min(freshFor, maxFreshnessMs);
    if (status === 304 && stored && (stored.etag || stored.lastModified)) {
      await validators.write(url, {
        ...stored,
        etag: headerText(headers.etag) ?? stored.etag,
        lastModified: headerText(headers['last-modified']) ?? stored.lastModified,
        fetchedAt: now(),
        freshForMs,
      });
      return { kind: 'not-modified', url, finalUrl, reason: 'http-304' };
    }
    if (status === 429 || status === 503) {
      const retryAfterMs = Math.min(
        parseRetryAfterMs(headers['retry-after'], now()) ?? DEFAULT_BACKOFF_MS,
        MAX_BACKOFF_MS,
      );
      await slots.backOff(response.finalUrl.host, retryAfterMs);
      log.warn({ host: response.finalUrl.host, status, retryAfterMs }, 'host asked us to back off');
      throw new FetchError('http-status', finalUrl, `HTTP ${status}; backing off ${retryAfterMs} ms`, {
        status,
        retryAfterMs,
      });
    }
    if (status < 200 || status >= 300)
      throw new FetchError('http-status', finalUrl, `HTTP ${status}`, { status });
    const contentType = headerText(headers['content-type']) ?? null;
    if (contentType && NOT_TEXT.test(contentType)) {
      throw new FetchError('decode', finalUrl, `not a text resource (${contentType})`);
    }
    if (stored) {
      const bodyHash = hashBody(response.body);
      const etag = headerText(headers.etag);
      const lastModified = headerText(headers['last-modified']);
      await validators.write(url, { etag, lastModified, bodyHash, fetchedAt: now(), freshForMs });
      if (stored.bodyHash === bodyHash) return { kind: 'not-modified', url, finalUrl, reason: 'same-body' };
    }
    const decoded = decodeBody(response.body, contentType, policy.charset);
    // Some servers label everything octet-stream, so binary is recognised by NULs in the decoded start instead.
    if (decoded.text.slice(0, 2048).split(String.fromCharCode(0)).length > 9) {
      throw new FetchError('decode', finalUrl, `binary body (${contentType ?? 'no Content-Type'})`);
    }
    return {
      kind: 'ok',
      url,
      finalUrl,
      status,
      contentType,
      text: decoded.text,
      bytes: response.body.length,
      charset: decoded.charset,
    };
  }

  return {
    async fetchText(url: string, policy: FetchRequestPolicy, fetchOptions: FetchOptions = {}) {
      const start = parseTargetUrl(url);
      const stored = fetchOptions.conditional ? await validators.read(url) : undefined;
      if (stored?.fetchedAt !== undefined && stored.freshForMs !== undefined) {
        if (now() < stored.fetchedAt + stored.freshForMs) {
          return { kind: 'not-modified', url, finalUrl: start.href, reason: 'fresh' };
        }
      }
      const headers: Record<string, string> = {
        accept: fetchOptions.accept ?? DEFAULT_ACCEPT,
        'accept-language': policy.acceptLanguage ?? 'ar,en;q=0.8',
      };
      if (stored?.etag) headers['if-none-match'] = stored.etag;
      if (stored?.lastModified) headers['if-modified-since'] = stored.lastModified;
      const gate = policy.obeyRobots ? robotsGateFor(policy) : undefined;
      if (!policy.obeyRobots && !robotsOverrideLogged.has(policy.sourceId)) {
        robotsOverrideLogged.add(policy.sourceId);
        log.info(
          { sourceId: policy.sourceId, reason: policy.robotsOverrideReason ?? '(no reason given)' },
          'robots.txt is not obeyed for this source',
        );
      }
      const checkRobots = gate
        ? async (target: URL) => {
            const verdict = await gate.check(target);
            if (!verdict.allowed) {
              throw new FetchError(
                'robots-disallowed',
                target.href,
                `robots.txt disallows ${target.pathname}`,
              );
            }
            return verdict.crawlDelayMs;
          }
        : undefined;
      const started = Date.now();
      const settings = followSettings(policy, headers, maxBytes, checkRobots);
      settings.hop.visit = fetchOptions.visit;
      const response = await fetchFollowingRedirects(start, settings);
      log.debug(
        {
          url,
          finalUrl: response.finalUrl.href,
          status: response.status,
          bytes: response.body.length,
          ms: Date.now() - started,
        },
        'fetched',
      );
      return handleFinal(url, response, policy, stored);
    },
    forgetValidators: (url) => validators.forget(url),
    async close() {
      await Promise.all([guardedAgent.close(), openAgent.close()]);
    },
  };
}
