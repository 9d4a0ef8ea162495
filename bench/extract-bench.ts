/**
 * `npm run bench:extract [-- --no-jsdom] [-- --no-memory] [-- --memory] [-- --verify-score] [-- --losses N]`
 *
 * Scores raqib's extractor on the shared article-extraction benchmark (the port of its score.py) and on the Arabic
 * fixture set, times it against Mozilla Readability on linkedom and jsdom over the same pages in the same run, then
 * measures the heap before and after 10,000 extractions (`--no-memory` skips that, `--memory` runs only that).
 * Shared data is found at ../shared beside the repo, or at RAQIB_SHARED_DIR.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArabicPhraseChecks, loadArabicSet, loadBenchmarkSet } from './extract/load-sets.js';
import type { BenchPage, PhraseCheckPage } from './extract/load-sets.js';
import { runMemoryCheck } from './extract/memory-check.js';
import {
  extractWithRaqib,
  extractWithReadabilityJsdom,
  extractWithReadabilityLinkedom,
} from './extract/run-extractors.js';
import type { Extractor } from './extract/run-extractors.js';
import { precisionOf, recallOf, scorePage, scoreSet } from './extract/score-shingles.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The bench is not part of the app, so it reads its one setting directly instead of through src/config/env.ts.
const sharedDir = process.env['RAQIB_SHARED_DIR'] ?? path.resolve(repoRoot, 'bench/data');
const args = new Set(process.argv.slice(2));
const lossesArg = process.argv.indexOf('--losses');
const showLosses = lossesArg > 0 ? Number(process.argv[lossesArg + 1] ?? 10) : 0;

interface RunResult {
  name: string;
  predictions: Map<string, string>;
  msPerPage: number;
}

function runExtractor(
  name: string,
  extractor: Extractor,
  pages: readonly BenchPage[],
  rounds: number,
): RunResult {
  const predictions = new Map<string, string>();
  for (const page of pages.slice(0, 5)) extractor(page.html, page.url); // warm-up
  let elapsed = 0;
  for (let round = 0; round < rounds; round++) {
    for (const page of pages) {
      const started = performance.now();
      const text = extractor(page.html, page.url);
      elapsed += performance.now() - started;
      if (round === 0) predictions.set(page.id, text);
    }
  }
  return { name, predictions, msPerPage: elapsed / (pages.length * rounds) };
}

function report(title: string, pages: readonly BenchPage[], results: readonly RunResult[]): void {
  const truth = new Map(pages.map((p) => [p.id, p.truth]));
  console.log(`\n${title} (${pages.length} pages)`);
  console.log('extractor                      F1     precision  recall   ms/page');
  for (const result of results) {
    const s = scoreSet(truth, result.predictions);
    console.log(
      `${result.name.padEnd(30)} ${s.f1.toFixed(3)}  ${s.precision.toFixed(3)}      ${s.recall.toFixed(3)}    ${result.msPerPage.toFixed(2)}`,
    );
  }
  const raqib = results[0];
  for (const other of results.slice(1)) {
    if (raqib)
      console.log(`time ratio ${other.name} / raqib: ${(other.msPerPage / raqib.msPerPage).toFixed(2)}x`);
  }
}

function printLosses(pages: readonly BenchPage[], predictions: Map<string, string>, count: number): void {
  const rows = pages.map((page) => {
    const s = scorePage(page.truth, predictions.get(page.id) ?? '');
    return { page, p: precisionOf(s), r: recallOf(s) };
  });
  rows.sort((a, b) => Math.min(a.p, a.r) - Math.min(b.p, b.r));
  for (const row of rows.slice(0, count))
    console.log(`  P ${row.p.toFixed(3)} R ${row.r.toFixed(3)}  ${row.page.id.slice(0, 12)} ${row.page.url}`);
}

/** Write predictions as score.py reads them and print python's figures next to ours. */
function verifyScore(pages: readonly BenchPage[], predictions: Map<string, string>): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'raqib-bench-'));
  const file = path.join(dir, 'raqib.json');
  writeFileSync(
    file,
    JSON.stringify(Object.fromEntries([...predictions].map(([id, text]) => [id, { articleBody: text }]))),
  );
  const benchDir = path.join(sharedDir, 'benchmarks', 'article-extraction');
  const out = execFileSync(
    'python3',
    [path.join(benchDir, 'score.py'), path.join(benchDir, 'ground-truth.json'), file],
    {
      encoding: 'utf8',
    },
  );
  console.log(`python3 score.py: ${out.trim()}`);
}

const benchmark = loadBenchmarkSet(sharedDir);
if (args.has('--memory')) {
  runMemoryCheck(benchmark);
} else {
  runQualityAndSpeed();
  if (!args.has('--no-memory')) {
    console.log('\nmemory (raqib, shared benchmark pages)');
    runMemoryCheck(benchmark);
  }
}

function runQualityAndSpeed(): void {
  const rounds = 3;
  const raqib = runExtractor('raqib (cheerio/slim)', extractWithRaqib, benchmark, rounds);
  const linkedom = runExtractor('readability + linkedom', extractWithReadabilityLinkedom, benchmark, rounds);
  const results = [raqib, linkedom];
  if (!args.has('--no-jsdom'))
    results.push(runExtractor('readability + jsdom', extractWithReadabilityJsdom, benchmark, 1));
  report('shared article-extraction benchmark', benchmark, results);
  if (args.has('--verify-score')) verifyScore(benchmark, raqib.predictions);
  if (showLosses > 0) printLosses(benchmark, raqib.predictions, showLosses);

  const arabic = loadArabicSet(sharedDir);
  if (arabic.length > 0) {
    const arabicResults = [
      runExtractor('raqib (cheerio/slim)', extractWithRaqib, arabic, rounds),
      runExtractor('readability + linkedom', extractWithReadabilityLinkedom, arabic, rounds),
    ];
    report('Arabic fixtures with checked main text', arabic, arabicResults);
    if (showLosses > 0) printLosses(arabic, arabicResults[0]?.predictions ?? new Map(), showLosses);
  }
  reportPhraseChecks(loadArabicPhraseChecks(sharedDir));
}

/** Pages checked by must/must-not phrases: how many checks each extractor passes. */
function reportPhraseChecks(pages: readonly PhraseCheckPage[]): void {
  if (pages.length === 0) return;
  console.log(`\nArabic fixtures with phrase checks (${pages.length} pages)`);
  const extractors: Array<[string, Extractor]> = [
    ['raqib (cheerio/slim)', extractWithRaqib],
    ['readability + linkedom', extractWithReadabilityLinkedom],
  ];
  for (const [name, extractor] of extractors) {
    let passed = 0;
    let total = 0;
    for (const page of pages) {
      const text = extractor(page.html, page.url);
      for (const phrase of page.with) passed += text.includes(phrase) ? 1 : 0;
      for (const phrase of page.without) passed += text.includes(phrase) ? 0 : 1;
      total += page.with.length + page.without.length;
    }
    console.log(`${name.padEnd(30)} ${passed}/${total} checks passed (phrases present / furniture absent)`);
  }
}
