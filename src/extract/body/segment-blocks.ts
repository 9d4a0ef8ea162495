/**
 * Cut a page into text blocks: maximal runs of inline content under the nearest block-level element.
 */
import { isElement } from '../dom/dom-node.js';
import type { DomElement, DomNode, DomParent } from '../dom/dom-node.js';
import type { StatsMap } from './measure-tree.js';

/** Elements that start a new block of text. */
export const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'td',
  'th',
  'ul',
  'caption',
  'html',
  'center',
  'hgroup',
  'picture',
  'img',
]);

export interface TextBlock {
  /** Nearest block-level element that owns the text. */
  owner: DomElement;
  text: string;
  /** Characters inside links. */
  linkChars: number;
  /** Index in document order. */
  index: number;
}

/**
 * Blocks under `root` in document order, skipping `skip` subtrees. `<br>` becomes a line break inside a block.
 */
export function segmentBlocks(root: DomParent, skip: ReadonlySet<DomElement>, stats: StatsMap): TextBlock[] {
  const blocks: TextBlock[] = [];
  const owners: DomElement[] = [];
  let parts: string[] = [];
  let linkChars = 0;
  let linkDepth = 0;
  let preDepth = 0;

  const flush = (): void => {
    const owner = owners[owners.length - 1];
    if (parts.length === 0 || !owner) {
      parts = [];
      linkChars = 0;
      return;
    }
    const text = parts
      .join('')
      .split('\n')
      .map((line) => line.replace(/[\s\u00A0]+/g, ' ').trim())
      .filter((line) => line.length > 0)
      .join('\n');
    if (text.length > 0) blocks.push({ owner, text, linkChars, index: blocks.length });
    parts = [];
    linkChars = 0;
  };

  type Frame = { node: DomNode; exit: boolean };
  const stack: Frame[] = [];
  for (let i = root.children.length - 1; i >= 0; i--)
    stack.push({ node: root.children[i] as DomNode, exit: false });
  while (stack.length > 0) {
    const { node, exit } = stack.pop() as Frame;
    if (node.type === 'text') {
      // Source line breaks are spaces; only <br> (and <pre> text) break a line.
      parts.push(preDepth > 0 ? node.data : node.data.replace(/[\r\n]+/g, ' '));
      if (linkDepth > 0) linkChars += node.data.replace(/\s+/g, '').length;
      continue;
    }
    if (!isElement(node) || node.type !== 'tag') continue;
    const isBlock = BLOCK_TAGS.has(node.name);
    // An unclosed <a> that swallows blocks (broken markup) is not a link.
    const isLink = node.name === 'a' && !stats.get(node)?.hasBlock;
    if (exit) {
      if (isLink) linkDepth--;
      if (node.name === 'pre') preDepth--;
      if (isBlock) {
        flush();
        owners.pop();
      }
      continue;
    }
    if (skip.has(node)) continue;
    if (node.name === 'br') {
      parts.push('\n');
      continue;
    }
    if (isLink) linkDepth++;
    if (node.name === 'pre') preDepth++;
    if (isBlock) {
      flush();
      owners.push(node);
    }
    stack.push({ node, exit: true });
    for (let i = node.children.length - 1; i >= 0; i--)
      stack.push({ node: node.children[i] as DomNode, exit: false });
  }
  flush();
  return blocks;
}
