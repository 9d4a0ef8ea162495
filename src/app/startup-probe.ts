/**
 * Fail fast at start: Redis and PostgreSQL must answer within STARTUP_TIMEOUT_MS (a few attempts spread over
 * it), else raqib stops with one message naming the setting, instead of waiting forever behind ioredis's
 * endless reconnects or printing a bare `connect ECONNREFUSED`.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ConfigError } from '../shared/errors.js';
import type { RedisTarget } from './redis-connection.js';

export interface ProbeBudget {
  timeoutMs: number;
  attempts?: number;
  logger?: Pick<Logger, 'warn'>;
}

const describeError = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(': ') || String(error);
};

async function withAttempts(
  setting: string,
  what: string,
  budget: ProbeBudget,
  attempt: (timeoutMs: number) => Promise<void>,
): Promise<void> {
  const attempts = Math.max(1, budget.attempts ?? 4);
  const perAttempt = Math.max(200, Math.floor(budget.timeoutMs / attempts));
  const deadline = Date.now() + budget.timeoutMs;
  let last: unknown;
  for (let i = 1; i <= attempts; i++) {
    const started = Date.now();
    try {
      await attempt(Math.min(perAttempt, Math.max(200, deadline - started)));
      return;
    } catch (error) {
      last = error;
      budget.logger?.warn(
        { setting, attempt: i, attempts, cause: describeError(error) },
        `${what} not answering`,
      );
    }
    const wait = perAttempt - (Date.now() - started);
    if (i < attempts && wait > 0 && Date.now() + wait < deadline)
      await new Promise((r) => setTimeout(r, wait));
  }
  throw new ConfigError(
    `${setting}: ${what} did not answer within ${Math.round(budget.timeoutMs / 1000)} s ` +
      `(${attempts} attempts; last error ${describeError(last)}). Check ${setting} and that the server runs ` +
      '(STARTUP_TIMEOUT_MS sets the wait).',
  );
}

/** Connect and PING once per attempt; no reconnect loop (retryStrategy null). */
export function probeRedis(target: RedisTarget, budget: ProbeBudget): Promise<void> {
  return withAttempts('REDIS_URL', `Redis at ${target.description}`, budget, async (timeoutMs) => {
    const client = new Redis({
      ...target.options,
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined); // the failure is reported by connect()/ping() below
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  });
}

/** Connect and `SELECT 1` once per attempt. */
export function probePostgres(url: string, budget: ProbeBudget): Promise<void> {
  const shown = url.replace(/\/\/[^@]*@/, '//***@');
  return withAttempts('DATABASE_URL', `PostgreSQL at ${shown}`, budget, async (timeoutMs) => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  });
}
