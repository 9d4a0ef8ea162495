/**
 * robots.txt: fetched once per origin, cached in Redis for every worker (and parsed once per process), obeyed
 * for our product token. Follows RFC 9309: a 4xx (or a file we cannot follow) allows everything; a 5xx or an
 * unreachable server disallows everything until it answers again.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import robotsParserModule from 'robots-parser';
import { stableFraction } from '../../shared/stable-hash.js';
import { FetchError } from './fetch-error.js';

/** What fetching robots.txt gave: its text, `allow-all` (4xx, or a file we could not follow) or `unreachable`. */
export type RobotsFetchOutcome =
  { kind: 'text'; text: string } | { kind: 'allow-all' } | { kind: 'unreachable'; why: string };

export interface RobotsVerdict {
  allowed: boolean;
  /** Crawl-delay for our token, in ms, if the file sets one. */
  crawlDelayMs?: number | undefined;
}

export interface RobotsGate {
  /** Whether `url` may be fetched. Throws `FetchError('network')` while robots.txt is unreachable. */
  check(url: URL): Promise<RobotsVerdict>;
}

export interface RobotsGateOptions {
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  /** The product token robots.txt groups are matched against, e.g. `raqib`. */
  agentToken: string;
  ttlMs: number;
  now: () => number;
  fetchRobots: (robotsUrl: string) => Promise<RobotsFetchOutcome>;
}

// robots-parser is CommonJS (`module.exports = fn`) but its typings declare a default export; under NodeNext the
// default import is `module.exports` itself, i.e. the function.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** An unreachable robots.txt is asked again after this long rather than after the full TTL. */
const UNREACHABLE_TTL_MS = 60_000;
/** Parsed files kept per process, least recently used dropped first: more than the hosts of a large deployment, so
 * a feed fetch does not pay two Redis round trips and a re-parse (at 500, 1,000 hosts thrashed the cache). */
const MEMORY_ENTRIES = 4096;
/** Each origin's cache lifetime is the TTL less up to this share, fixed per origin: hosts first seen together (a
 * start-up crawls every source at once) do not all re-fetch robots.txt in the same minute an hour later. */
const TTL_SPREAD = 0.25;

/** The TTL for `origin`: `ttlMs` shortened by a stable per-origin share of up to TTL_SPREAD. */
export function spreadTtl(origin: string, ttlMs: number): number {
  return Math.round(ttlMs * (1 - TTL_SPREAD * stableFraction(origin)));
}

type Parsed = ReturnType<typeof robotsParser>;
interface MemoryEntry {
  expiresAt: number;
  outcome: RobotsFetchOutcome;
  robot?: Parsed | undefined;
}

/** A robots.txt gate under `<keyPrefix>:http:robots:<origin>`. */
export function createRobotsGate(options: RobotsGateOptions): RobotsGate {
  const memory = new Map<string, MemoryEntry>();
  const pending = new Map<string, Promise<MemoryEntry>>();

  async function load(origin: string): Promise<MemoryEntry> {
    const key = `${options.keyPrefix}:http:robots:${origin}`;
    const robotsUrl = `${origin}/robots.txt`;
    const cached = await options.redis.get(key);
    let outcome: RobotsFetchOutcome;
    let ttl: number;
    if (cached) {
      outcome = JSON.parse(cached) as RobotsFetchOutcome;
      const pttl = await options.redis.pttl(key);
      ttl = pttl > 0 ? pttl : UNREACHABLE_TTL_MS;
    } else {
      outcome = await options.fetchRobots(robotsUrl);
      ttl = outcome.kind === 'unreachable' ? UNREACHABLE_TTL_MS : spreadTtl(origin, options.ttlMs);
      await options.redis.set(key, JSON.stringify(outcome), 'PX', ttl);
      options.logger.debug({ robotsUrl, outcome: outcome.kind }, 'fetched robots.txt');
    }
    const robot = outcome.kind === 'text' ? robotsParser(robotsUrl, outcome.text) : undefined;
    const entry = { expiresAt: options.now() + ttl, outcome, robot };
    memory.delete(origin);
    if (memory.size >= MEMORY_ENTRIES) memory.delete(memory.keys().next().value ?? '');
    memory.set(origin, entry);
    return entry;
  }

  async function entryFor(origin: string): Promise<MemoryEntry> {
    const hit = memory.get(origin);
    if (hit && hit.expiresAt > options.now()) {
      // Re-insert: the Map's order is then least recently used first.
      memory.delete(origin);
      memory.set(origin, hit);
      return hit;
    }
    // One load per origin at a time in this process.
    let loading = pending.get(origin);
    if (!loading) {
      loading = load(origin).finally(() => pending.delete(origin));
      pending.set(origin, loading);
    }
    return loading;
  }

  return {
    async check(url) {
      const entry = await entryFor(url.origin);
      if (entry.outcome.kind === 'unreachable') {
        throw new FetchError(
          'network',
          url.href,
          `robots.txt unreachable (${entry.outcome.why}); not fetching`,
        );
      }
      if (!entry.robot) return { allowed: true };
      const allowed = entry.robot.isAllowed(url.href, options.agentToken) !== false;
      const delay = entry.robot.getCrawlDelay(options.agentToken);
      return { allowed, crawlDelayMs: typeof delay === 'number' && delay > 0 ? delay * 1000 : undefined };
    },
  };
}

/** The longest Crawl-delay honoured (the client spaces requests by at most this much too). */
export const MAX_CRAWL_DELAY_MS = 60_000;

/**
 * The Crawl-delay (ms, capped at a minute) for `agentToken` in the robots.txt cached for `url`'s origin, as the
 * gate stored it; undefined when none is cached or it sets none. For planning (adaptive polling's floor).
 */
export async function cachedCrawlDelayMs(
  redis: Redis,
  keyPrefix: string,
  url: string,
  agentToken: string,
): Promise<number | undefined> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return undefined;
  }
  const cached = await redis.get(`${keyPrefix}:http:robots:${origin}`);
  if (!cached) return undefined;
  let outcome: RobotsFetchOutcome;
  try {
    outcome = JSON.parse(cached) as RobotsFetchOutcome;
  } catch {
    return undefined;
  }
  if (outcome.kind !== 'text') return undefined;
  const delay = robotsParser(`${origin}/robots.txt`, outcome.text).getCrawlDelay(agentToken);
  return typeof delay === 'number' && delay > 0 ? Math.min(delay * 1000, MAX_CRAWL_DELAY_MS) : undefined;
}
