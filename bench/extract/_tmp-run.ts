import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { loadDocument } from '../../src/extract/dom/load-document.js';
import { extractBody } from '../../src/extract/body/extract-body.js';
import { scorePage, precisionOf, recallOf, scoreSet } from './score-shingles.js';
const dir = '/work/shared/benchmarks/article-extraction';
const gt = JSON.parse(readFileSync(`${dir}/ground-truth.json`, 'utf8')) as Record<string, { articleBody: string; url: string }>;
const truth = new Map(Object.entries(gt).map(([k, v]) => [k, v.articleBody]));
const pred = new Map<string, string>();
const rows: string[] = [];
let ms = 0;
for (const id of Object.keys(gt)) {
  const html = gunzipSync(readFileSync(`${dir}/html/${id}.html.gz`)).toString('utf8');
  const t = performance.now();
  const { root } = loadDocument(html);
  const body = extractBody(root);
  ms += performance.now() - t;
  const text = body.paragraphs.join('\n\n');
  pred.set(id, text);
  const s = scorePage(gt[id]!.articleBody, text);
  rows.push(`${id.slice(0, 8)} P ${precisionOf(s).toFixed(3)} R ${recallOf(s).toFixed(3)} ${gt[id]!.url.slice(0, 60)}`);
}
rows.sort((a, b) => Math.min(+a.split(' ')[2]!, +a.split(' ')[4]!) - Math.min(+b.split(' ')[2]!, +b.split(' ')[4]!));
console.log(rows.slice(0, Number(process.argv[2] ?? 25)).join('\n'));
console.log(scoreSet(truth, pred), (ms / truth.size).toFixed(2), 'ms/page');
writeFileSync('/tmp/pred.json', JSON.stringify(Object.fromEntries([...pred].map(([k, v]) => [k, { articleBody: v }]))));
