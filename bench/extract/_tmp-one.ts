import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { loadDocument } from '../../src/extract/dom/load-document.js';
import { extractBody } from '../../src/extract/body/extract-body.js';
import { measureTree, findFurniture } from '../../src/extract/body/measure-tree.js';
import { segmentBlocks } from '../../src/extract/body/segment-blocks.js';
import { scoreCandidates } from '../../src/extract/body/score-candidates.js';
const dir = '/work/shared/benchmarks/article-extraction';
const gt = JSON.parse(readFileSync(`${dir}/ground-truth.json`, 'utf8')) as Record<string, { articleBody: string }>;
const id = Object.keys(gt).find((k) => k.startsWith(process.argv[2]!))!;
const html = gunzipSync(readFileSync(`${dir}/html/${id}.html.gz`)).toString('utf8');
const { root } = loadDocument(html);
const stats = measureTree(root);
const skip = findFurniture(root, stats);
const blocks = segmentBlocks(root, skip);
const ranked = scoreCandidates(blocks, stats);
for (const c of ranked.slice(0, 6)) console.log(c.score.toFixed(1), c.el.name, c.el.attribs['class']?.slice(0, 60), c.el.attribs['id']);
const body = extractBody(root);
console.log('--- PRED', body.paragraphs.join('\n\n').slice(0, Number(process.argv[3] ?? 1500)));
console.log('--- GT', gt[id]!.articleBody.slice(0, Number(process.argv[3] ?? 1500)));
const total = [...root.children].reduce((s, c) => s + (stats.get(c as never)?.text ?? 0), 0);
console.log('total', total);
for (const el of skip) { const t = stats.get(el)?.text ?? 0; if (t > 300) console.log('SKIP', t, el.name, el.attribs['class']?.slice(0, 80), el.attribs['id'], el.attribs['role']); }
import { containsNode } from '../../src/extract/dom/dom-node.js';
import { scoreBlock } from '../../src/extract/body/score-candidates.js';
for (const c of ranked.slice(0, 2)) {
  console.log('== cand', c.el.name, c.el.attribs['class']);
  for (const b of blocks) if (containsNode(c.el, b.owner)) console.log('  ', b.owner.name, scoreBlock(b).toFixed(1), b.text.slice(0, 80));
}
