/**
 * `--memory`: run the extractor 10,000 times over the benchmark pages and compare the heap after warm-up with the
 * heap at the end (both after a forced GC), to show that memory stays flat.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { extractArticle } from '../../src/extract/extract-article.js';
import type { BenchPage } from './load-sets.js';

/** A forced-GC function: the global one under --expose-gc, else one obtained by turning the flag on at run time. */
function getGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

const gc = getGc();

function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Print heap before/after `total` extractions (after a forced GC each time). */
export function runMemoryCheck(pages: readonly BenchPage[], total = 10_000): void {
  if (!gc) console.log('(no forced GC available: heap figures include garbage)');
  const warmup = Math.min(500, total);
  for (let i = 0; i < warmup; i++) {
    const page = pages[i % pages.length] as BenchPage;
    extractArticle(page.html, { url: page.url });
  }
  const before = heapMb();
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const page = pages[i % pages.length] as BenchPage;
    extractArticle(page.html, { url: page.url });
    if (i > 0 && i % 1000 === 0)
      process.stderr.write(`memory: ${i}/${total}, heap ${heapMb().toFixed(1)} MB\n`);
  }
  const after = heapMb();
  const ms = (performance.now() - started) / total;
  console.log(`memory: ${total} extractions after ${warmup} warm-up, ${ms.toFixed(2)} ms/page`);
  console.log(
    `heap after warm-up ${before.toFixed(1)} MB, after ${total} ${after.toFixed(1)} MB (${(after - before >= 0 ? '+' : '') + (after - before).toFixed(1)} MB)`,
  );
}
