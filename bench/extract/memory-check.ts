/**
 * `--memory`: run the extractor 10,000 times over the benchmark pages and compare the heap after warm-up with the
 * heap at the end (both after a forced GC), to show that memory stays flat.
 */
import { extractArticle } from '../../src/extract/extract-article.js';
import type { BenchPage } from './load-sets.js';

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Print heap before/after `total` extractions; needs `--expose-gc` for exact figures. */
export function runMemoryCheck(pages: readonly BenchPage[], total = 10_000): void {
  if (!(globalThis as { gc?: unknown }).gc)
    console.log('(run with NODE_OPTIONS=--expose-gc for exact heap figures)');
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
