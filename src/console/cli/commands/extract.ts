/**
 * `raqib extract <file.html|file.html.gz>... [--url URL] [--time-zone TZ] --json`: run the article extractor over
 * saved pages, one JSON line (or a short text summary) per file, all in one process.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { extractArticleWithReport } from '../../../extract/extract-article.js';
import type { RegisterCommand } from './index.js';

interface ExtractCommandOptions {
  url?: string;
  timeZone: string;
  json?: boolean;
}

/** Largest file read; bigger ones are reported as errors rather than loaded. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

async function readPage(file: string): Promise<string> {
  const bytes = await readFile(file);
  if (bytes.length > MAX_FILE_BYTES) throw new Error(`file is larger than ${MAX_FILE_BYTES} bytes`);
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (isGzip ? gunzipSync(bytes, { maxOutputLength: MAX_FILE_BYTES }) : bytes).toString('utf8');
}

export const register: RegisterCommand = (program) => {
  program
    .command('extract')
    .description('extract title, main text, language, direction, date and author from saved article pages')
    .argument('<files...>', 'HTML files (.html or .html.gz)')
    .option('--url <url>', 'page URL, for resolving links and URL dates (applies to every file)')
    .option('--time-zone <zone>', 'IANA zone for dates the page states without one', 'UTC')
    .option('--json', 'print one JSON line per file')
    .action(async (files: string[], options: ExtractCommandOptions) => {
      let failures = 0;
      for (const [index, file] of files.entries()) {
        if (files.length > 20 && index % 20 === 0)
          process.stderr.write(`extract: ${index}/${files.length}\n`);
        try {
          const html = await readPage(file);
          const { article, problem, problems } = extractArticleWithReport(html, {
            ...(options.url ? { url: options.url } : {}),
            timeZone: options.timeZone,
          });
          const row = {
            file,
            title: article.title,
            text: article.text,
            lang: article.lang,
            dir: article.dir,
            publishedAt: article.publishedAt,
            author: article.author,
            canonicalUrl: article.canonicalUrl,
            ...(problem ? { warning: `${problem} input` } : {}),
            ...(problems.length > 0 ? { problems } : {}),
          };
          if (options.json) process.stdout.write(`${JSON.stringify(row)}\n`);
          else
            process.stdout.write(
              `${file}\n  title: ${row.title ?? '-'}\n  lang/dir: ${row.lang ?? '-'}/${row.dir ?? '-'}  published: ${
                row.publishedAt ?? '-'
              }  author: ${row.author ?? '-'}\n  text: ${row.text.length} chars${row.warning ? `  (${row.warning})` : ''}${
                problems.length > 0 ? `  [${problems.join(', ')}]` : ''
              }\n`,
            );
        } catch (error) {
          failures++;
          const message = (error as Error).message;
          if (options.json) process.stdout.write(`${JSON.stringify({ file, error: message })}\n`);
          else process.stderr.write(`${file}: ${message}\n`);
        }
      }
      if (failures > 0) process.exitCode = 1;
    });
};
