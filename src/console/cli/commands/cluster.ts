/**
 * `raqib cluster --input items.jsonl`: assigns each item to a story with the same StoryIndex the pipeline uses and
 * writes one JSON line per input line: {"id","story","duplicateOf"} (plus revisionOf, score and reasons with
 * --explain). Lines that are not valid items get {"id":null,"story":null,"duplicateOf":null,"error":"…"}.
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { loadEnv } from '../../../config/env.js';
import { loadStoryIndexOptions } from '../../../dedupe/load-gazetteer-dir.js';
import { StoryIndex } from '../../../dedupe/story-index.js';
import type { StoryCandidate } from '../../../dedupe/story-index.js';
import type { RegisterCommand } from './index.js';
import { openInput, reportFailedLines } from './open-input.js';

const MAX_LINE_CHARS = 4 * 1024 * 1024;

const optionalString = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Validate one parsed line; a string is the error. */
function toCandidate(data: unknown): StoryCandidate | string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'not a JSON object';
  const record = data as Record<string, unknown>;
  const id = typeof record.id === 'number' ? String(record.id) : record.id;
  if (typeof id !== 'string' || id === '') return 'missing "id"';
  if (typeof record.text !== 'string') return `item ${id}: missing "text"`;
  return {
    id,
    lang: optionalString(record.lang),
    title: optionalString(record.title),
    text: record.text,
    url: optionalString(record.url),
    publishedAt: optionalString(record.publishedAt),
  };
}

interface ClusterOptions {
  input: string;
  windowHours: string;
  topicsDir?: string;
  explain?: boolean;
}

export const register: RegisterCommand = (program) => {
  program
    .command('cluster')
    .description(
      'assign JSONL items (id, lang, text; optional title, url, publishedAt) to stories; one JSON line out per line in',
    )
    .requiredOption('--input <file>', 'JSONL file of items, or - for stdin')
    .option('--window-hours <hours>', 'items further apart are never one story', '72')
    .option('--topics-dir <dir>', 'folder with gazetteer.yaml and topic files (default: TOPICS_DIR)')
    .option('--explain', 'add revisionOf, score and reasons to each line')
    .action(async (options: ClusterOptions) => {
      const windowHours = Number(options.windowHours);
      if (!Number.isFinite(windowHours) || windowHours <= 0)
        throw new Error('--window-hours must be a positive number');
      const index = new StoryIndex({
        windowHours,
        ...loadStoryIndexOptions(resolve(options.topicsDir ?? loadEnv().TOPICS_DIR), {
          fitted: loadEnv().STORY_THRESHOLDS !== 'default',
        }),
      });
      const input = openInput(options.input);
      const lines = createInterface({ input, crlfDelay: Infinity });
      let count = 0;
      let failed = 0;
      for await (const line of lines) {
        if (line.trim() === '') continue;
        count++;
        let candidate: StoryCandidate | string;
        try {
          candidate = line.length > MAX_LINE_CHARS ? 'line too long' : toCandidate(JSON.parse(line));
        } catch {
          candidate = 'invalid JSON';
        }
        if (typeof candidate === 'string') {
          failed++;
          console.error(`line ${count}: ${candidate}`);
          process.stdout.write(
            `${JSON.stringify({ id: null, story: null, duplicateOf: null, error: candidate })}\n`,
          );
          continue;
        }
        const a = index.assign(candidate);
        const out = options.explain
          ? {
              id: candidate.id,
              story: a.storyId,
              duplicateOf: a.duplicateOf,
              revisionOf: a.revisionOf,
              score: a.score,
              reasons: a.reasons,
            }
          : { id: candidate.id, story: a.storyId, duplicateOf: a.duplicateOf };
        process.stdout.write(`${JSON.stringify(out)}\n`);
        if (count % 1000 === 0) console.error(`clustered ${count} items (${index.size} in the window)`);
      }
      reportFailedLines('cluster', failed, count);
    });
};
