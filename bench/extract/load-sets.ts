/**
 * The page sets the extraction benchmark runs: the shared English benchmark (ground-truth.json) and a second set of
 * Arabic pages whose main text was checked by hand upstream (shared/fixtures, see its SOURCES.md).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface BenchPage {
  id: string;
  url: string;
  html: string;
  truth: string;
}

function readHtml(file: string): string {
  const bytes = readFileSync(file);
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The 97-page article-extraction benchmark. */
export function loadBenchmarkSet(sharedDir: string): BenchPage[] {
  const dir = path.join(sharedDir, 'benchmarks', 'article-extraction');
  const truth = JSON.parse(readFileSync(path.join(dir, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { url: string; articleBody: string }
  >;
  return Object.entries(truth).map(([id, entry]) => ({
    id,
    url: entry.url,
    html: readHtml(path.join(dir, 'html', `${id}.html.gz`)),
    truth: entry.articleBody,
  }));
}

/** Arabic article pages with an `.expected.txt` main text in shared/fixtures/arabic-extraction. */
export function loadArabicSet(sharedDir: string): BenchPage[] {
  const dir = path.join(sharedDir, 'fixtures', 'arabic-extraction');
  if (!existsSync(dir)) return [];
  const index = JSON.parse(readFileSync(path.join(sharedDir, 'fixtures', 'index.json'), 'utf8')) as Array<{
    path: string;
    url?: string;
  }>;
  const pages: BenchPage[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.expected.txt'))
    .sort()) {
    const base = name.replace(/\.expected\.txt$/, '');
    const htmlFile = path.join(dir, `${base}.html.gz`);
    if (!existsSync(htmlFile)) continue;
    const url = index.find((entry) => entry.path === `arabic-extraction/${base}.html.gz`)?.url ?? '';
    pages.push({
      id: base,
      url,
      html: readHtml(htmlFile),
      truth: readFileSync(path.join(dir, name), 'utf8'),
    });
  }
  return pages;
}

/** A page checked by phrases that must and must not appear in the main text (no full expected text). */
export interface PhraseCheckPage {
  id: string;
  url: string;
  html: string;
  with: string[];
  without: string[];
}

/** Arabic pages in shared/fixtures/arabic-extraction whose `.expected.json` lists `with`/`without` phrases only. */
export function loadArabicPhraseChecks(sharedDir: string): PhraseCheckPage[] {
  const dir = path.join(sharedDir, 'fixtures', 'arabic-extraction');
  if (!existsSync(dir)) return [];
  const pages: PhraseCheckPage[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()) {
    const base = name.replace(/\.expected\.json$/, '');
    const htmlFile = path.join(dir, `${base}.html.gz`);
    if (!existsSync(htmlFile) || existsSync(path.join(dir, `${base}.expected.txt`))) continue;
    const expected = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as {
      url?: string;
      with?: string[];
      without?: string[];
    };
    if (!expected.with?.length && !expected.without?.length) continue;
    pages.push({
      id: base,
      url: expected.url ?? '',
      html: readHtml(htmlFile),
      with: expected.with ?? [],
      without: expected.without ?? [],
    });
  }
  return pages;
}
