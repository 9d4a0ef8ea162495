/**
 * `--scale N[,N…]`: cluster N synthetic items (over 30 days, so the window holds more items as N grows), evicting
 * by the window as production does. Prints wall and CPU time, items per second, the most items held, and the heap
 * held by the index at the end (after a GC when node runs with --expose-gc).
 */
import { StoryIndex } from '../../src/dedupe/story-index.js';
import { createSyntheticItems } from './synthetic-scale.js';

interface ScaleResult {
  count: number;
  ms: number;
  cpuMs: number;
  itemsPerSecond: number;
  heapMb: number;
  maxHeld: number;
  stories: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

function runOnce(count: number): ScaleResult {
  const items = createSyntheticItems(count);
  const heapBefore = heapUsed();
  const index = new StoryIndex({ windowHours: 72 });
  const stories = new Set<string>();
  let maxHeld = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let lastEvict = 0;
  for (const item of items) {
    const time = Date.parse(item.publishedAt ?? '');
    if (time - lastEvict > 3_600_000) {
      index.evictBefore(new Date(time - 72 * 3_600_000));
      lastEvict = time;
    }
    stories.add(index.assign(item).storyId);
    maxHeld = Math.max(maxHeld, index.size);
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const heapMb = (heapUsed() - heapBefore) / 1e6;
  if (index.size < 0) console.log('unreachable'); // keeps the index alive until the heap is measured
  return { count, ms, cpuMs, itemsPerSecond: count / (ms / 1000), heapMb, maxHeld, stories: stories.size };
}

/** `spec`: one count ("10000": runs 5000 and 10000) or a comma-separated list ("1000,5000,10000,20000"). */
export function runScale(spec: string, json: boolean): void {
  const counts = spec.includes(',')
    ? spec.split(',').map(Number)
    : [Math.max(1, Math.floor(Number(spec) / 2)), Number(spec)];
  if (counts.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error('--scale needs a positive integer or a comma-separated list of them');
  const results = counts.map(runOnce);
  if (json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  if (!gc) console.log('(heap figures without --expose-gc include garbage; see docs/readme/stories.md)');
  for (const r of results) {
    console.log(
      `${r.count} synthetic items over 30 days: ${(r.ms / 1000).toFixed(2)} s wall, CPU ${(r.cpuMs / 1000).toFixed(2)} s ` +
        `(${(r.cpuMs / r.count).toFixed(3)} ms/item), ${Math.round(r.itemsPerSecond)} items/s, ` +
        `at most ${r.maxHeld} items held (72 h window), index heap ${r.heapMb.toFixed(1)} MB, ${r.stories} stories`,
    );
  }
}
