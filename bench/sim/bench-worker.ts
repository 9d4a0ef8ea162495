/**
 * One raqib worker process for `npm run bench:pipeline` (benchmark helper): the normal service (every stage) with
 * the simulated outlets as its sources, reporting its CPU time, RSS and heap to the parent every 2 s over IPC.
 * Run as `node --expose-gc --import tsx bench/sim/bench-worker.ts`, with BENCH_SOURCES_FILE naming a JSON list of
 * sources and the usual raqib environment (REDIS_URL, DATABASE_URL, QUEUE_PREFIX, DISCORD_*).
 */
import { readFileSync } from 'node:fs';
import type { Source } from '../../src/config/source-schema.js';
import { loadEnv } from '../../src/config/env.js';
import { ALL_ROLES, startService } from '../../src/console/run-service.js';

export interface WorkerReport {
  type: 'stats';
  at: number;
  /** process.cpuUsage() user + system, µs since start. */
  cpuMicros: number;
  rss: number;
  /** Peak RSS so far (bytes). */
  maxRss: number;
  heapUsed: number;
  /** Whether a full GC ran just before (on the parent's request, with --expose-gc): heap growth compares these. */
  afterGc: boolean;
}

const file = process.env.BENCH_SOURCES_FILE;
if (!file) throw new Error('BENCH_SOURCES_FILE is required');
const sources = JSON.parse(readFileSync(file, 'utf8')) as Source[];
const service = await startService(loadEnv(), ALL_ROLES, {
  sources,
  settings: { maxAlertAgeMs: 72 * 3600_000 },
});

const gc = (globalThis as { gc?: () => void }).gc;
const report = (withGc = false) => {
  if (withGc) gc?.();
  const cpu = process.cpuUsage();
  const message: WorkerReport = {
    type: 'stats',
    at: Date.now(),
    cpuMicros: cpu.user + cpu.system,
    rss: process.memoryUsage.rss(),
    maxRss: process.resourceUsage().maxRSS * 1024,
    heapUsed: process.memoryUsage().heapUsed,
    afterGc: withGc && gc !== undefined,
  };
  process.send?.(message);
};
// Regular reports skip the GC so that forcing it does not inflate the CPU figure.
const timer = setInterval(() => report(false), 2000);
process.on('message', (message: { type?: string }) => {
  if (message?.type === 'report-after-gc') report(true);
});
process.send?.({ type: 'ready' });

const stop = async () => {
  clearInterval(timer);
  await service.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
process.once('disconnect', () => void stop());
