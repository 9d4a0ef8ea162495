/** `--scale N`: cluster N synthetic items (and N/2, to show how time grows), evicting by the window as production does. */
import { StoryIndex } from '../../src/dedupe/story-index.js';
import { createSyntheticItems } from './synthetic-scale.js';

interface ScaleResult {
  count: number;
  ms: number;
  cpuMs: number;
  heapMb: number;
  maxHeld: number;
  stories: number;
}

function runOnce(count: number): ScaleResult {
  const items = createSyntheticItems(count);
  const index = new StoryIndex({ windowHours: 72 });
  const stories = new Set<string>();
  let maxHeld = 0;
  const heapBefore = process.memoryUsage().heapUsed;
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
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  return { count, ms, cpuMs, heapMb, maxHeld, stories: stories.size };
}

export function runScale(count: number, json: boolean): void {
  if (!Number.isInteger(count) || count <= 0) throw new Error('--scale needs a positive integer');
  const results = [runOnce(Math.max(1, Math.floor(count / 2))), runOnce(count)];
  if (json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  for (const r of results) {
    console.log(
      `${r.count} synthetic items over 30 days: ${(r.ms / 1000).toFixed(2)} s (${(r.ms / r.count).toFixed(2)} ms/item; CPU ${(r.cpuMs / 1000).toFixed(2)} s), ` +
        `heap +${r.heapMb.toFixed(1)} MB, at most ${r.maxHeld} items held (72 h window), ${r.stories} stories`,
    );
  }
}
