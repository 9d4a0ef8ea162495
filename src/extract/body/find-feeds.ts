/**
 * Feeds: elements that are a list of posts ("You may also like", archive pages, teaser rails) rather than one
 * article. An element is a feed when three or more `<article>` items (the outermost ones inside it) hold most of its
 * text and none of them dominates. An element holding an `<h1>` is never a feed: the headline marks the article.
 */
import { isElement } from '../dom/dom-node.js';
import type { DomElement, DomNode, DomParent } from '../dom/dom-node.js';
import type { StatsMap } from './measure-tree.js';
import { parentElement } from './score-candidates.js';

const MIN_ITEMS = 3;

/** Feed elements of the page. */
export function findFeeds(root: DomParent, stats: StatsMap, skip: ReadonlySet<DomElement>): Set<DomElement> {
  const items = new Map<DomElement, DomElement[]>();
  const { articles, headings } = collectArticlesAndHeadings(root);
  if (articles.length < MIN_ITEMS) return new Set();
  for (const article of articles) {
    if (skip.has(article)) continue;
    for (let el = parentElement(article); el; el = parentElement(el)) {
      const list = items.get(el);
      if (list) list.push(article);
      else items.set(el, [article]);
      if (el.name === 'article') break; // outer articles own the inner ones
    }
  }
  const feeds = new Set<DomElement>();
  if (items.size === 0) return feeds;
  const withHeadline = new Set<DomElement>();
  for (const h1 of headings)
    for (let el = parentElement(h1); el; el = parentElement(el)) withHeadline.add(el);
  for (const [el, list] of items) {
    if (list.length < MIN_ITEMS || withHeadline.has(el)) continue;
    const total = stats.get(el)?.text ?? 0;
    let sum = 0;
    let largest = 0;
    for (const item of list) {
      const text = stats.get(item)?.text ?? 0;
      sum += text;
      largest = Math.max(largest, text);
    }
    if (total > 0 && sum >= total * 0.6 && largest < sum * 0.5) feeds.add(el);
  }
  return feeds;
}

/** True when `el` is a feed or one of its items. */
export function isInFeed(el: DomElement, feeds: ReadonlySet<DomElement>): boolean {
  if (feeds.size === 0) return false;
  for (let current: DomElement | null = el; current; current = parentElement(current))
    if (feeds.has(current)) return true;
  return false;
}

/** `<article>` and `<h1>` elements in one walk. */
function collectArticlesAndHeadings(root: DomParent): { articles: DomElement[]; headings: DomElement[] } {
  const articles: DomElement[] = [];
  const headings: DomElement[] = [];
  const stack: DomNode[] = [...root.children];
  while (stack.length > 0) {
    const node = stack.pop() as DomNode;
    if (!isElement(node)) continue;
    if (node.name === 'article') articles.push(node);
    else if (node.name === 'h1') headings.push(node);
    for (const child of node.children) stack.push(child);
  }
  return { articles, headings };
}
