/**
 * Per-host politeness shared by every worker process through Redis: at most `maxInFlight` requests in flight and
 * at least `minDelayMs` between request starts (and between a request's end and the next start), plus a host-wide "not before" time set by 429/503/Retry-After.
 * Acquire is one Lua script (atomic across processes); times come from the Redis server clock so workers on
 * different machines agree. An in-flight slot is a lease: a worker killed mid-request loses it when it expires.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** KEYS: inflight zset, next-start string, not-before string, visit string. ARGV: maxInFlight, minDelayMs,
 *  leaseMs, token, visit mode ('' | 'follow'). Returns {1} when acquired, else {0, ms to wait, 1 if a back-off is
 *  the reason} (0 ms = a slot is busy). A 'follow' request may skip the minimum delay (never a back-off, never
 *  the in-flight limit) while the host's visit credit lasts, and uses it up. */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local maxInFlight = tonumber(ARGV[1])
local minDelay = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local follow = ARGV[5] == 'follow'
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local notBefore = tonumber(redis.call('GET', KEYS[3]) or '0')
local nextStart = tonumber(redis.call('GET', KEYS[2]) or '0')
local credit = follow and redis.call('GET', KEYS[4]) == '1'
local gate = math.max(notBefore, nextStart)
if credit and notBefore <= now then gate = notBefore end
if gate > now then
  if notBefore > nextStart then return {0, gate - now, 1} end
  return {0, gate - now, 0}
end
if redis.call('ZCARD', KEYS[1]) >= maxInFlight then return {0, 0, 0} end
if credit then redis.call('DEL', KEYS[4]) end
redis.call('ZADD', KEYS[1], now + lease, ARGV[4])
redis.call('PEXPIRE', KEYS[1], lease + 1000)
if minDelay > 0 then redis.call('SET', KEYS[2], now + minDelay, 'PX', minDelay + 1000) end
return {1}
`;

/** KEYS: inflight zset, next-start string, visit string. ARGV: token, minDelayMs, visit window ms (0 = this
 *  request opens no visit). Frees the slot and keeps the next start at least minDelay after this request ended:
 *  pacing by acquire time alone lets a request that was slow to reach the server land closer than minDelay to the
 *  next one. A request that opens a visit (a feed read) leaves one follow-up credit for the window. */
const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREM', KEYS[1], ARGV[1])
local minDelay = tonumber(ARGV[2])
if minDelay > 0 then
  local nextStart = tonumber(redis.call('GET', KEYS[2]) or '0')
  if now + minDelay > nextStart then redis.call('SET', KEYS[2], now + minDelay, 'PX', minDelay + 1000) end
end
local visitWindow = tonumber(ARGV[3])
if visitWindow > 0 then redis.call('SET', KEYS[3], '1', 'PX', visitWindow) end
return 1
`;

/** KEYS: not-before string. ARGV: delay ms. Only ever moves the time later. */
const SET_NOT_BEFORE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > current then redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1]) + 1000) end
return until_
`;

/** A slot held for one request; call `release` when the response body is read or the request failed. */
export interface HostSlot {
  release(): Promise<void>;
}

export interface AcquireOptions {
  maxInFlight: number;
  minDelayMs: number;
  /** How long the slot survives if never released (default: wait budget + 10 s). */
  leaseMs: number;
  /** Give up waiting after this many ms. */
  waitBudgetMs: number;
  signal?: AbortSignal;
  /**
   * One visit = a feed read and the one page it leads to. `open`: this request leaves the host one follow-up
   * credit for `visitWindowMs` after it ends; `follow`: this request may use that credit instead of waiting for
   * the minimum delay (the in-flight limit and any back-off still apply). Unset: paced as always.
   */
  visit?: 'open' | 'follow' | undefined;
  visitWindowMs?: number;
}

/** Why a slot could not be had in time: `busy` (all slots taken) or `backoff` (host asked us to wait). */
export class SlotWaitError extends Error {
  constructor(
    readonly reason: 'busy' | 'backoff',
    readonly waitMs: number,
  ) {
    super(
      reason === 'backoff' ? `host asked to wait ${waitMs} ms` : 'all request slots for the host stay busy',
    );
  }
}

export interface HostSlots {
  /** Wait for a slot on `host` (e.g. `example.com:443`); throws `SlotWaitError` when the budget runs out. */
  acquire(host: string, options: AcquireOptions): Promise<HostSlot>;
  /** Make every worker wait `delayMs` before the next request to `host` (429, 503, Retry-After). */
  backOff(host: string, delayMs: number): Promise<void>;
}

/** How long after a feed read its page may follow without the minimum delay. */
export const VISIT_WINDOW_MS = 10_000;
const POLL_MS = 25;
const MAX_POLL_MS = 100;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Politeness slots under `<keyPrefix>:http:host:<host>:*`. */
export function createHostSlots(redis: Redis, keyPrefix: string): HostSlots {
  const keys = (host: string) => {
    const base = `${keyPrefix}:http:host:${host.toLowerCase()}`;
    return [`${base}:inflight`, `${base}:next`, `${base}:notbefore`, `${base}:visit`] as const;
  };

  return {
    async acquire(host, options) {
      const token = randomUUID();
      const [inflight, next, notBefore, visit] = keys(host);
      const visitWindow = options.visit === 'open' ? String(options.visitWindowMs ?? VISIT_WINDOW_MS) : '0';
      const started = Date.now();
      let busyPolls = 0;
      for (;;) {
        const reply = (await redis.eval(
          ACQUIRE,
          4,
          inflight,
          next,
          notBefore,
          visit,
          String(Math.max(1, options.maxInFlight)),
          String(Math.max(0, options.minDelayMs)),
          String(options.leaseMs),
          token,
          options.visit === 'follow' ? 'follow' : '',
        )) as [number, number?, number?];
        if (reply[0] === 1) {
          const minDelay = String(Math.max(0, options.minDelayMs));
          return {
            release: async () =>
              void (await redis.eval(RELEASE, 3, inflight, next, visit, token, minDelay, visitWindow)),
          };
        }
        const remaining = options.waitBudgetMs - (Date.now() - started);
        const gateMs = reply[1] ?? 0;
        if (gateMs > remaining) throw new SlotWaitError(reply[2] === 1 ? 'backoff' : 'busy', gateMs);
        if (remaining <= 0) throw new SlotWaitError('busy', 0);
        // Jitter spreads workers that wake together; a busy slot is polled with a growing interval.
        const pause = gateMs > 0 ? gateMs : Math.min(MAX_POLL_MS, POLL_MS * 2 ** Math.min(busyPolls++, 3));
        await sleep(Math.min(remaining, pause + Math.random() * POLL_MS), options.signal);
      }
    },
    async backOff(host, delayMs) {
      await redis.eval(SET_NOT_BEFORE, 1, keys(host)[2], String(Math.max(0, Math.round(delayMs))));
    },
  };
}
