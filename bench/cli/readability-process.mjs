/* global process */
// The comparison process of `npm run bench:cli`: Mozilla Readability on linkedom over the given saved pages, one
// JSON line per file — the same work `raqib extract --json` does, as a plain-JavaScript process.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

for (const file of process.argv.slice(2)) {
  const bytes = readFileSync(file);
  const html = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  let row;
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document).parse();
    row = {
      file,
      title: article?.title ?? null,
      text: article?.textContent ?? '',
      lang: article?.lang ?? null,
    };
  } catch (error) {
    row = { file, error: error.message };
  }
  process.stdout.write(`${JSON.stringify(row)}\n`);
}
