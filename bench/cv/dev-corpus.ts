/** The vendored development corpus: both files, whose story slugs are shared (see bench/data/corpus/README.md). */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const corpusDir = resolve(dirname(fileURLToPath(import.meta.url)), '../data/corpus');

export const DEV_CORPUS_FILES: readonly string[] = [
  resolve(corpusDir, 'relevance-dev.jsonl'),
  resolve(corpusDir, 'relevance-dev-2.jsonl'),
];
