/**
 * Block-aware text of an HTML fragment (feed summaries, listing cards): block boundaries become a space, `<br>` a
 * newline, `<script>`/`<style>`/`<noscript>`/`<template>` are dropped, entities are decoded once (by the parser).
 * Parsing is cheerio's (parse5); the walk is hand-written because cheerio's `.text()` joins blocks with nothing
 * between them (`<p>a</p><p>b</p>` → `ab`). Pure.
 */
import { load } from 'cheerio/slim';
import type { AnyNode } from 'domhandler';

const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'svg']);
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'body',
  'caption', 'img', 'picture', 'video', 'audio', 'option', 'title',
]); // prettier-ignore

function walk(node: AnyNode, out: string[]): void {
  if (node.type === 'text') {
    out.push(node.data);
    return;
  }
  if (node.type !== 'tag' && node.type !== 'root') return;
  const name = node.type === 'tag' ? node.name.toLowerCase() : '';
  if (DROPPED.has(name)) return;
  if (name === 'br') {
    out.push('\n');
    return;
  }
  const block = BLOCKS.has(name);
  if (block) out.push('\n');
  for (const child of node.children) walk(child, out);
  if (block) out.push('\n');
}

/** Text with newlines at block boundaries and `<br>`, runs of other whitespace collapsed; no trimming of words. */
export function fragmentText(html: string): string {
  if (!/[<&]/.test(html)) return html;
  const $ = load(html, null, false);
  const out: string[] = [];
  for (const node of $.root().contents().toArray()) walk(node, out);
  return out
    .join('')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}
