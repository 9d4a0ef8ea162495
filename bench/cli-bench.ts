/**
 * `npm run bench:cli [-- --runs N]`: start-up and whole-process cost of the `raqib` command, measured side by side in
 * one run on this machine:
 *   1. `raqib --help` against `node -e 0` (the floor: starting node at all); target ratio ≤ 3×.
 *   2. `raqib extract --json` over the extraction benchmark's saved pages (bench/data/benchmarks/article-extraction)
 *      as one process, against Mozilla Readability on linkedom over the same pages as one process
 *      (bench/cli/readability-process.mjs), plus both on a single page.
 * Runs are interleaved and the median is reported. It runs the compiled CLI (bin/raqib.js → dist/); when dist/ is
 * missing it builds it first (`npm run build`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const runs = Math.max(1, runsArg > 0 ? Number(process.argv[runsArg + 1] ?? 5) : 5);
const bin = path.join(repoRoot, 'bin/raqib.js');
const readability = path.join(repoRoot, 'bench/cli/readability-process.mjs');
const pagesDir = path.join(repoRoot, 'bench/data/benchmarks/article-extraction/html');

if (!existsSync(path.join(repoRoot, 'dist/src/console/cli/main.js'))) {
  console.error('bench:cli: dist/ missing, building it (npm run build)…');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
}

const env = { ...process.env, RAQIB_FROM_SOURCE: '0' };

/** Wall time of one whole process, in ms; fails on a non-zero exit. */
function timeProcess(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ').slice(0, 120)} exited ${result.status}: ${String(result.stderr)}`);
  return elapsed;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** Interleaved runs of several commands (so machine load hits each alike); median ms per command. */
function compare(commands: Record<string, string[]>, n: number): Record<string, number> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (const args of Object.values(commands)) timeProcess(args); // warm the file cache
  for (let i = 0; i < n; i++)
    for (const [name, args] of Object.entries(commands)) times[name]?.push(timeProcess(args));
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const pages = readdirSync(pagesDir)
  .filter((f) => f.endsWith('.html.gz') || f.endsWith('.html'))
  .sort()
  .map((f) => path.join(pagesDir, f));
if (pages.length === 0) throw new Error(`no pages in ${pagesDir}`);
const first = pages[0] as string;

console.log(
  `node ${process.version}, ${runs} interleaved runs each, median wall time of the whole process\n`,
);

const help = compare({ node: ['-e', '0'], raqib: [bin, '--help'] }, runs * 2);
const helpRatio = (help.raqib ?? 0) / (help.node ?? 1);
console.log('start-up');
console.log(`  node -e 0          ${ms(help.node ?? 0)}`);
console.log(`  raqib --help       ${ms(help.raqib ?? 0)}`);
console.log(
  `  ratio              ${helpRatio.toFixed(2)}× (target ≤ 3×) ${helpRatio <= 3 ? 'ok' : 'OVER TARGET'}`,
);

const one = compare({ raqib: [bin, 'extract', '--json', first], readability: [readability, first] }, runs);
console.log('\none page, whole process');
console.log(`  raqib extract                 ${ms(one.raqib ?? 0)}`);
console.log(`  Readability on linkedom       ${ms(one.readability ?? 0)}`);

const all = compare(
  { raqib: [bin, 'extract', '--json', ...pages], readability: [readability, ...pages] },
  runs,
);
const extractRatio = (all.readability ?? 0) / (all.raqib ?? 1);
console.log(`\n${pages.length} pages, whole process`);
console.log(
  `  raqib extract                 ${ms(all.raqib ?? 0)} (${((all.raqib ?? 0) / pages.length).toFixed(1)} ms/page)`,
);
console.log(
  `  Readability on linkedom       ${ms(all.readability ?? 0)} (${((all.readability ?? 0) / pages.length).toFixed(1)} ms/page)`,
);
console.log(
  `  Readability / raqib           ${extractRatio.toFixed(2)}× ${extractRatio > 1 ? '(raqib faster)' : '(raqib SLOWER)'}`,
);
