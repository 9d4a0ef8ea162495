import { load } from 'cheerio/slim';
import { limitNesting } from '../../src/extract/dom/limit-nesting.js';
import { loadDocument } from '../../src/extract/dom/load-document.js';
for (const n of [400000, 750000]) {
  const html = '<ul><li>'.repeat(n);
  let t = Date.now();
  const lim = limitNesting(html);
  const a = Date.now() - t;
  t = Date.now();
  load(lim);
  const b = Date.now() - t;
  t = Date.now();
  loadDocument(html);
  console.log(n, a, b, Date.now() - t);
}
