/**
 * Per-source health as pure functions over a record the pipeline persists: consecutive failures with exponential
 * backoff, automatic pause after too many, and what the last crawl did.
 */
import type { CrawlOutcome } from './crawl-source.js';

export interface SourceHealth {
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  /** The layer type that served the last successful crawl. */
  lastLayer: string | null;
  lastItemCount: number | null;
  /** Do not crawl before this time (ISO); null = on the normal schedule. */
  nextAttemptAt: string | null;
  paused: boolean;
  pauseReason: string | null;
}

export interface HealthOptions {
  /** First backoff delay; doubles with each further failure. Default 5 minutes. */
  backoffBaseMs?: number;
  /** Longest backoff delay. Default 6 hours. */
  backoffMaxMs?: number;
  /** Pause the source after this many consecutive failures. Default 10; 0 never pauses. */
  pauseAfter?: number;
}

export const DEFAULT_BACKOFF_BASE_MS = 5 * 60_000;
export const DEFAULT_BACKOFF_MAX_MS = 6 * 3_600_000;
export const DEFAULT_PAUSE_AFTER = 10;

/** The record of a source never crawled. */
export function createSourceHealth(): SourceHealth {
  return {
    consecutiveFailures: 0,
    lastSuccessAt: null,
    lastErrorAt: null,
    lastError: null,
    lastLayer: null,
    lastItemCount: null,
    nextAttemptAt: null,
    paused: false,
    pauseReason: null,
  };
}

/**
 * A crawl that a layer served (`outcome.layer` not null): failures reset, backoff cleared. A crawl where every layer
 * failed is a failure: pass it to `recordCrawlFailure` instead (this function does so itself when `layer` is null,
 * with `failureOpts`). A pause set by an operator or by failures stays until `resumeSource`.
 */
export function recordCrawlSuccess(
  h: SourceHealth,
  outcome: CrawlOutcome,
  now: Date,
  failureOpts: HealthOptions = {},
): SourceHealth {
  if (outcome.layer === null) {
    const reasons = outcome.attempts.map((a) => `${a.layer}: ${a.error ?? 'failed'}`).join('; ');
    return recordCrawlFailure(h, reasons || 'no layer configured', now, failureOpts);
  }
  return {
    ...h,
    consecutiveFailures: 0,
    lastSuccessAt: now.toISOString(),
    lastLayer: outcome.layer,
    lastItemCount: outcome.notModified ? 0 : outcome.candidates.length,
    nextAttemptAt: null,
  };
}

/**
 * A failed crawl: one more consecutive failure, the next attempt after `base × 2^(failures−1)` (capped), and a
 * pause with its reason once failures reach `pauseAfter`.
 */
export function recordCrawlFailure(
  h: SourceHealth,
  error: string,
  now: Date,
  opts: HealthOptions = {},
): SourceHealth {
  const base = opts.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const max = opts.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS;
  const pauseAfter = opts.pauseAfter ?? DEFAULT_PAUSE_AFTER;
  const failures = h.consecutiveFailures + 1;
  const delay = Math.min(max, base * 2 ** Math.min(failures - 1, 30));
  const message = error.length > 1000 ? `${error.slice(0, 999)}…` : error;
  const pauseNow = !h.paused && pauseAfter > 0 && failures >= pauseAfter;
  return {
    ...h,
    consecutiveFailures: failures,
    lastErrorAt: now.toISOString(),
    lastError: message,
    nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
    paused: h.paused || pauseNow,
    pauseReason: pauseNow ? `paused after ${failures} consecutive failures; last: ${message}` : h.pauseReason,
  };
}

/** An operator pauses the source. */
export function pauseSource(h: SourceHealth, reason: string): SourceHealth {
  return { ...h, paused: true, pauseReason: reason };
}

/** An operator resumes the source: unpaused, failures and backoff cleared so it is crawled at once. */
export function resumeSource(h: SourceHealth): SourceHealth {
  return { ...h, paused: false, pauseReason: null, consecutiveFailures: 0, nextAttemptAt: null };
}

/** Whether the scheduler may crawl the source at `now`. */
export function isCrawlDue(h: SourceHealth, now: Date): boolean {
  if (h.paused) return false;
  return h.nextAttemptAt === null || Date.parse(h.nextAttemptAt) <= now.getTime();
}
