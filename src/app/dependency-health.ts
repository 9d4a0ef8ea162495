/**
 * Redis and PostgreSQL while raqib runs: a lost connection is logged once, then at most one line per interval
 * (10 s) with the number of errors since the last line, and once more when it is back; the
 * `raqib_dependency_up{dependency}` gauge (1 up, 0 down) shows it on /metrics. The clients reconnect on their own
 * (ioredis and BullMQ with backoff, pg per query); this only reports.
 */
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';

export type Dependency = 'redis' | 'postgres';

export interface DependencyHealth {
  /** A client reported an error: the dependency is down (logged at most once per interval). */
  down(dependency: Dependency, error: unknown): void;
  /** The dependency answers again (logged once when it was down). */
  up(dependency: Dependency): void;
  isUp(dependency: Dependency): boolean;
}

/** The env-var setting behind each dependency, so the log names what to check. */
const SETTING: Record<Dependency, string> = { redis: 'REDIS_URL', postgres: 'DATABASE_URL' };

export const DEPENDENCY_LOG_INTERVAL_MS = 10_000;

/** Errors that mean "not connected" (worth one rate-limited line), not a failure of one command. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  return (
    /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)$/u.test(code) ||
    /Connection is closed|connect ECONNREFUSED|Connection terminated|getaddrinfo|socket hang up/iu.test(
      message,
    )
  );
}

const brief = (error: unknown) => {
  const e = error as { code?: unknown; message?: unknown } | null;
  return [
    typeof e?.code === 'string' ? e.code : null,
    typeof e?.message === 'string' ? e.message : String(error),
  ]
    .filter(Boolean)
    .join(': ')
    .slice(0, 300);
};

export function createDependencyHealth(options: {
  logger: Logger;
  registry?: Registry;
  intervalMs?: number;
  now?: () => number;
}): DependencyHealth {
  const intervalMs = options.intervalMs ?? DEPENDENCY_LOG_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const state = new Map<Dependency, { up: boolean; lastLogAt: number; since: number; suppressed: number }>();
  const gauge = new Gauge({
    name: 'raqib_dependency_up',
    help: 'Whether raqib reaches a dependency now (1) or has lost its connection (0)',
    labelNames: ['dependency'] as const,
    registers: options.registry ? [options.registry] : [],
  });
  for (const dependency of ['redis', 'postgres'] as const) {
    state.set(dependency, { up: true, lastLogAt: -Infinity, since: 0, suppressed: 0 });
    gauge.set({ dependency }, 1);
  }
  const get = (d: Dependency) => state.get(d) as NonNullable<ReturnType<typeof state.get>>;
  return {
    down(dependency, error) {
      const s = get(dependency);
      const at = now();
      gauge.set({ dependency }, 0);
      if (s.up) {
        s.up = false;
        s.since = at;
      }
      if (at - s.lastLogAt < intervalMs) {
        s.suppressed += 1;
        return;
      }
      options.logger.error(
        {
          dependency,
          setting: SETTING[dependency],
          error: brief(error),
          downForMs: at - s.since,
          ...(s.suppressed > 0 ? { errorsSinceLastLine: s.suppressed } : {}),
        },
        `${dependency} unreachable (${SETTING[dependency]}); reconnecting`,
      );
      s.lastLogAt = at;
      s.suppressed = 0;
    },
    up(dependency) {
      const s = get(dependency);
      gauge.set({ dependency }, 1);
      if (s.up) return;
      s.up = true;
      options.logger.warn(
        {
          dependency,
          downForMs: now() - s.since,
          ...(s.suppressed > 0 ? { errorsSinceLastLine: s.suppressed } : {}),
        },
        `${dependency} reachable again`,
      );
      s.suppressed = 0;
      s.lastLogAt = -Infinity;
    },
    isUp: (dependency) => get(dependency).up,
  };
}
