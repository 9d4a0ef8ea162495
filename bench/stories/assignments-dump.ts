/**
 * `npx tsx bench/stories/assignments-dump.ts [--root DIR] > out.jsonl`: every assignment (story, duplicate, revision,
 * score, reasons) the story index of the checkout at DIR (default: this one) makes on the development corpora
 * (bench/data/corpus/*.jsonl, in file order, built with the app's options from DIR/topics) and on 3,000 constructed
 * articles of the pipeline benchmark with eviction by a 24 h window. Two checkouts' outputs are compared with
 * `diff` to show that a change of representation leaves every decision as it was.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { buildVocabulary, generateArticle, seededRng } from '../sim/article-text.js';

const { values } = parseArgs({ options: { root: { type: 'string', default: '.' } } });
const root = resolve(values.root);
const corpusDir = resolve('bench/data/corpus');

type Index = {
  assign(item: Record<string, unknown>): unknown;
  evictBefore(date: Date): void;
};
const { StoryIndex } = (await import(pathToFileURL(`${root}/src/dedupe/story-index.ts`).href)) as {
  StoryIndex: new (options: unknown) => Index;
};
const { loadStoryIndexOptions } = (await import(
  pathToFileURL(`${root}/src/dedupe/load-gazetteer-dir.ts`).href
)) as { loadStoryIndexOptions: (dir: string) => unknown };
const options = loadStoryIndexOptions(resolve(root, 'topics'));

for (const file of readdirSync(corpusDir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()) {
  const index = new StoryIndex(options);
  for (const line of readFileSync(resolve(corpusDir, file), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const item = JSON.parse(line) as { id: string; lang: string; text: string; url?: string; date?: string };
    const candidate = {
      id: item.id,
      lang: item.lang,
      text: item.text,
      url: item.url ?? null,
      publishedAt: item.date ?? null,
    };
    console.log(JSON.stringify({ file, id: item.id, ...(index.assign(candidate) as object) }));
  }
}

const rng = seededRng(11);
const vocab = buildVocabulary(readFileSync(resolve(corpusDir, 'relevance-dev.jsonl'), 'utf8').split('\n'));
const index = new StoryIndex(options);
const start = Date.parse('2026-01-01T00:00:00Z');
for (let i = 0; i < 3000; i++) {
  const article = generateArticle(rng, { lang: rng() < 0.5 ? 'ar' : 'en', topical: rng() < 0.3, vocab });
  const time = start + i * 60_000;
  if (i % 60 === 0) index.evictBefore(new Date(time - 24 * 3_600_000));
  const at = new Date(time).toISOString();
  const n = rng() < 0.03 ? i - 1 : i;
  const url = `https://outlet-${n % 50}.example/a/${n}`;
  const candidate = {
    id: `item-${i}`,
    lang: article.lang,
    title: article.title,
    text: article.paragraphs.join('\n\n'),
    url,
    publishedAt: at,
    seenAt: at,
  };
  console.log(
    JSON.stringify({ file: 'constructed', id: candidate.id, ...(index.assign(candidate) as object) }),
  );
}
