/**
 * One post-order pass that counts text and link-text characters under every element, then the top-down pass that
 * decides which subtrees are furniture.
 */
import { isElement } from '../dom/dom-node.js';
import { BLOCK_TAGS } from './segment-blocks.js';
import type { DomElement, DomNode, DomParent } from '../dom/dom-node.js';
import { SEMANTIC_DROP_TAGS, hasBoilerplateHint, isStructuralBoilerplate } from './boilerplate-hints.js';

export interface NodeStats {
  /** Non-blank characters of text under the element. */
  text: number;
  /** Of which inside `<a>` elements. */
  link: number;
  /** Whether a block-level element lies inside (an `<a>` around blocks is broken markup, not a link). */
  hasBlock: boolean;
}

export type StatsMap = Map<DomElement, NodeStats>;

/** Count text and link characters under every element (scripts and styles count as nothing). */
export function measureTree(root: DomParent): StatsMap {
  const stats: StatsMap = new Map();
  const stack: Array<{ node: DomElement; exit: boolean }> = [];
  for (let i = root.children.length - 1; i >= 0; i--) {
    const child = root.children[i] as DomNode;
    if (isElement(child)) stack.push({ node: child, exit: false });
  }
  while (stack.length > 0) {
    const frame = stack.pop() as { node: DomElement; exit: boolean };
    const el = frame.node;
    if (!frame.exit) {
      stack.push({ node: el, exit: true });
      if (el.type !== 'tag') continue;
      for (let i = el.children.length - 1; i >= 0; i--) {
        const child = el.children[i] as DomNode;
        if (isElement(child)) stack.push({ node: child, exit: false });
      }
      continue;
    }
    let text = 0;
    let link = 0;
    let hasBlock = false;
    if (el.type === 'tag') {
      for (const child of el.children) {
        if (child.type === 'text') text += countVisible(child.data);
        else if (isElement(child)) {
          const s = stats.get(child);
          if (s) {
            text += s.text;
            link += s.link;
            hasBlock ||= s.hasBlock || BLOCK_TAGS.has(child.name);
          }
        }
      }
    }
    if (el.name === 'a' && !hasBlock) link = text;
    stats.set(el, { text, link, hasBlock });
  }
  return stats;
}

function countVisible(data: string): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c > 32 && c !== 160) n++;
  }
  return n;
}

/**
 * Subtrees to leave out: furniture by tag/role/ARIA/style, and class/id hints unless the element holds most of the
 * page's text (then the hint belongs to a page wrapper such as "layout-with-sidebar").
 * @param protect - elements never dropped (e.g. a selector-chosen body)
 * @param ignoreHidden - keep subtrees that are only hidden (the second pass for a story script reveals)
 */
export function findFurniture(
  root: DomParent,
  stats: StatsMap,
  protect?: ReadonlySet<DomElement>,
  ignoreHidden = false,
): Set<DomElement> {
  const skip = new Set<DomElement>();
  let total = 0;
  for (const child of root.children) if (isElement(child)) total += stats.get(child)?.text ?? 0;
  const stack: DomNode[] = [...root.children];
  while (stack.length > 0) {
    const node = stack.pop() as DomNode;
    if (!isElement(node)) continue;
    if (!protect?.has(node) && node.name !== 'body' && node.name !== 'html') {
      const holdsPage = holdsMostProse(stats.get(node), total);
      const structural = isStructuralBoilerplate(node, ignoreHidden);
      if (structural && !(holdsPage && SEMANTIC_DROP_TAGS.has(node.name))) {
        skip.add(node);
        continue;
      }
      if (!structural && !holdsPage && hasBoilerplateHint(node) && !wrapsEmbed(node)) {
        skip.add(node);
        continue;
      }
    }
    for (const child of node.children) stack.push(child);
  }
  return skip;
}

// Quoted posts the article embeds (tweets, Instagram, Facebook): their wrappers are often classed "social-embed".
const EMBED_CLASS = /twitter-tweet|instagram-media|tiktok-embed|fb-xfbml|facebook-post|social-embed/i;
const EMBED_DEPTH = 4;

/** True when an embedded-post blockquote lies at most four levels inside `el` (or is `el`). */
function wrapsEmbed(el: DomElement): boolean {
  const stack: Array<{ node: DomElement; depth: number }> = [{ node: el, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: DomElement; depth: number };
    if (
      node.name === 'blockquote' &&
      (EMBED_CLASS.test(node.attribs['class'] ?? '') || /facebook\.com/.test(node.attribs['cite'] ?? ''))
    )
      return true;
    if (depth >= EMBED_DEPTH) continue;
    for (const child of node.children) if (isElement(child)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}

/** A subtree with 40 %+ of the page's text that is not a link list is a wrapper, whatever its tag or class says. */
function holdsMostProse(stats: NodeStats | undefined, total: number): boolean {
  if (!stats || total === 0) return false;
  const share = stats.text / total;
  return share >= 0.6 || (share >= 0.4 && stats.link < stats.text * 0.5);
}
