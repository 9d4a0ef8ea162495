/**
 * Parse untrusted HTML into a bounded tree. `cheerio/slim` (htmlparser2) is used because it is ~3x faster than
 * parse5 on news pages (STACK-NOTES §6) and never throws on broken markup.
 */
import { load } from 'cheerio/slim';
import type { CheerioAPI } from 'cheerio/slim';
import { isElement } from './dom-node.js';
import { limitNesting } from './limit-nesting.js';
import type { DomElement, DomNode, DomRoot, DomText } from './dom-node.js';

/** Longest input parsed; the rest is cut. News pages rarely exceed 2 MB, and the article is near the top. */
export const MAX_HTML_CHARS = 5_000_000;
/** Deepest element nesting kept; deeper content is flattened to its text so no later walk can overflow the stack. */
export const MAX_DEPTH = 200;

export type InputProblem = 'empty' | 'binary' | 'truncated';

export interface LoadedDocument {
  $: CheerioAPI;
  root: DomRoot;
  /** Set when the input was empty, binary or cut to {@link MAX_HTML_CHARS}. */
  problem: InputProblem | null;
}

/** Detect binary data: NULs or many C0 control characters near the start. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.includes('\u0000')) return true;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c > 0 && c < 9) || (c > 13 && c < 32 && c !== 27) || c === 0xfffd) controls++;
  }
  return controls > sample.length * 0.05 + 8;
}

/** Parse HTML with the input guards; never throws for content reasons. */
export function loadDocument(html: string): LoadedDocument {
  let problem: InputProblem | null = null;
  let input = typeof html === 'string' ? html : '';
  if (input.trim().length === 0) problem = 'empty';
  else if (looksBinary(input)) problem = 'binary';
  if (problem) input = '';
  else if (input.length > MAX_HTML_CHARS) {
    input = input.slice(0, MAX_HTML_CHARS);
    problem = 'truncated';
  }
  const $ = load(limitNesting(input));
  const root = $.root()[0] as unknown as DomRoot;
  flattenDeepNodes(root);
  return { $, root, problem };
}

/** Replace the children of any element at {@link MAX_DEPTH} with its descendant text nodes. */
function flattenDeepNodes(root: DomRoot): void {
  const stack: Array<{ node: DomElement; depth: number }> = [];
  for (const child of root.children) if (isElement(child)) stack.push({ node: child, depth: 1 });
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: DomElement; depth: number };
    if (depth >= MAX_DEPTH) {
      node.children = collectTextNodes(node).map((text) => {
        text.parent = node;
        return text;
      });
      continue;
    }
    for (const child of node.children) if (isElement(child)) stack.push({ node: child, depth: depth + 1 });
  }
}

function collectTextNodes(node: DomElement): DomText[] {
  const out: DomText[] = [];
  const stack: DomNode[] = [...node.children].reverse();
  while (stack.length > 0) {
    const current = stack.pop() as DomNode;
    if (current.type === 'text') out.push(current);
    else if (isElement(current) && current.type === 'tag') {
      for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i] as DomNode);
    }
  }
  return out;
}
