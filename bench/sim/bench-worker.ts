/**
 * One raqib worker process for `npm run bench:pipeline` (benchmark helper): the normal service (every stage) with
 * the simulated outlets as its sources, reporting its CPU time, RSS and heap to the parent every 2 s over IPC.
 * Run as `node --expose-gc --import tsx bench/sim/bench-worker.ts`, with BENCH_SOURCES_FILE naming a JSON list of
 * sources and the usual raqib environment (REDIS_URL, DATABASE_URL, QUEUE_PREFIX, DISCORD_*); BENCH_DASHBOARD_PORT also
 * serves the dashboard (and with PUBLIC_URL its WebSub callback) on that loopback port.
 */
import { readFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import type { Source } from '../../src/config/source-schema.js';
import { loadEnv } from '../../src/config/env.js';
import { ALL_ROLES, startService } from '../../src/app/start-service.js';

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
  /** CPU spent in the GCs and heap snapshots the parent asked for (µs, cumulative): not counted as raqib's CPU. */
  forcedGcMicros: number;
  /** Items held by this process's story index (the 72 h window that legitimately grows as items arrive). */
  storyItems: number;
  /** Heap snapshot written for this report (when the parent asked for one). */
  snapshotFile?: string;
}

const file = process.env.BENCH_SOURCES_FILE;
if (!file) throw new Error('BENCH_SOURCES_FILE is required');
const sources = JSON.parse(readFileSync(file, 'utf8')) as Source[];
// With BENCH_DASHBOARD_PORT (set with PUBLIC_URL) the dashboard server runs too: it mounts the WebSub callback the
// simulated hub verifies and pushes to. With several workers one binds the port and the others skip it.
const dashboardPort = process.env.BENCH_DASHBOARD_PORT ? Number(process.env.BENCH_DASHBOARD_PORT) : null;
const service = await startService(loadEnv(), ALL_ROLES, {
  sources,
  settings: { maxAlertAgeMs: 72 * 3600_000 },
  ...(dashboardPort ? { dashboard: { host: '127.0.0.1', port: dashboardPort } } : {}),
});

const gc = (globalThis as { gc?: () => void }).gc;
let forcedGcMicros = 0;
const cpuMicros = () => {
  const cpu = process.cpuUsage();
  return cpu.user + cpu.system;
};
const report = (withGc = false, snapshotFile?: string) => {
  const before = cpuMicros();
  if (withGc) gc?.();
  const written = snapshotFile ? writeHeapSnapshot(snapshotFile) : undefined;
  if (withGc || written) forcedGcMicros += cpuMicros() - before;
  const message: WorkerReport = {
    type: 'stats',
    at: Date.now(),
    cpuMicros: cpuMicros(),
    rss: process.memoryUsage.rss(),
    maxRss: process.resourceUsage().maxRSS * 1024,
    heapUsed: process.memoryUsage().heapUsed,
    afterGc: withGc && gc !== undefined,
    forcedGcMicros,
    storyItems: service.runtime.pipeline.stories.size,
    ...(written ? { snapshotFile: written } : {}),
  };
  process.send?.(message);
};
// Regular reports skip the GC so that forcing it does not inflate the CPU figure.
const timer = setInterval(() => report(false), 2000);
process.on('message', (message: { type?: string; snapshotFile?: string }) => {
  if (message?.type === 'report-after-gc') report(true, message.snapshotFile);
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
