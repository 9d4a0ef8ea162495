/**
 * Main-text extraction: drop furniture, score containers, merge related siblings, then keep the prose blocks of the
 * chosen subtrees. Paragraphs are joined with a blank line.
 */
import { containsNode, findByTag, isElement } from '../dom/dom-node.js';
import type { DomElement, DomParent } from '../dom/dom-node.js';
import {
  getClassWeight,
  isBoilerplateText,
  isHiddenElement,
  isStructuralBoilerplate,
} from './boilerplate-hints.js';
import { findFeeds, isInFeed } from './find-feeds.js';
import { findFurniture, measureTree } from './measure-tree.js';
import type { StatsMap } from './measure-tree.js';
import { getLinkDensity, parentElement, scoreCandidates } from './score-candidates.js';
import type { Candidate } from './score-candidates.js';
import { segmentBlocks } from './segment-blocks.js';
import { trimEdges } from './trim-edges.js';
import { parseDateText } from '../dates/parse-date-text.js';
import type { TextBlock } from './segment-blocks.js';

export interface BodyOptions {
  /** Elements an operator's `body` selector chose; they replace the scoring. */
  selected?: readonly DomElement[];
  /** Elements an operator's `remove` selectors chose. */
  removed?: readonly DomElement[];
  /** The headline, so a repeat of it is not counted as body text. */
  title?: string | null;
}

export interface BodyResult {
  paragraphs: string[];
  /** The winning container (first one when selectors chose several). */
  container: DomElement | null;
  /** Non-blank characters of text the whole page holds outside links (hidden parts included). */
  markupChars: number;
  /** The text came from the second pass, which reads subtrees hidden until script opens them. */
  revealedHidden: boolean;
}

/** Hidden text worth a second pass: at least this many characters, and twice what the first pass found. */
const MIN_HIDDEN_CHARS = 300;

/**
 * Extract the article's paragraphs from a parsed page. Hidden subtrees (`display:none`, `hidden`, `aria-hidden`,
 * hiding classes) are furniture, except when they hold far more prose than the visible page gave: a story inside a
 * container that script opens. Then a second pass reads them too, and wins when it finds clearly more text.
 */
export function extractBody(root: DomParent, options: BodyOptions = {}): BodyResult {
  const stats = measureTree(root);
  let markupChars = 0;
  for (const child of root.children) {
    if (!isElement(child)) continue;
    const s = stats.get(child);
    if (s) markupChars += s.text - s.link;
  }
  const first = runPass(root, stats, options, false);
  const firstChars = countChars(first.paragraphs);
  let hidden = 0;
  for (const el of first.skip) {
    if (!isHiddenElement(el) || isStructuralBoilerplate(el, true)) continue;
    const s = stats.get(el);
    if (s) hidden += s.text - s.link;
  }
  if (hidden >= MIN_HIDDEN_CHARS && hidden >= firstChars * 2) {
    const second = runPass(root, stats, options, true);
    if (countChars(second.paragraphs) >= firstChars * 1.5 + 200)
      return {
        paragraphs: second.paragraphs,
        container: second.container,
        markupChars,
        revealedHidden: true,
      };
  }
  return { paragraphs: first.paragraphs, container: first.container, markupChars, revealedHidden: false };
}

/** Non-blank characters of `paragraphs`. */
function countChars(paragraphs: readonly string[]): number {
  let n = 0;
  for (const p of paragraphs) n += p.replace(/\s+/g, '').length;
  return n;
}

interface PassResult {
  paragraphs: string[];
  container: DomElement | null;
  skip: Set<DomElement>;
}

function runPass(root: DomParent, stats: StatsMap, options: BodyOptions, ignoreHidden: boolean): PassResult {
  const selected = options.selected ?? [];
  const skip = findFurniture(root, stats, new Set(selected), ignoreHidden);
  for (const el of options.removed ?? []) skip.add(el);
  const blocks = segmentBlocks(root, skip, stats);
  let roots: DomElement[];
  const feeds = selected.length > 0 ? new Set<DomElement>() : findFeeds(root, stats, skip);
  if (selected.length > 0) roots = [...selected];
  else {
    const all = scoreCandidates(blocks, stats);
    const ranked = preferArticleOverFeed(all, feeds);
    const top = ranked[0];
    if (top) {
      const container = promoteToSharedAncestor(top, ranked);
      roots = [container, ...findRelatedSiblings(container, ranked, stats)];
    } else {
      // No block long enough to vote (a stub page): keep whatever prose survives the furniture filter.
      const body = blocks.find((b) => b.owner.name === 'body')?.owner ?? findBody(root);
      roots = body ? [body] : [];
    }
  }
  // A list of posts inside the chosen container that holds less than half its text (a related-posts rail) is not
  // part of the article; one that holds more is the content (a live blog).
  const feedsInside = [...feeds].filter((f) =>
    roots.some(
      (r) => r !== f && containsNode(r, f) && (stats.get(f)?.text ?? 0) < (stats.get(r)?.text ?? 0) * 0.5,
    ),
  );
  const kept =
    feedsInside.length > 0
      ? blocks.filter((b) => !feedsInside.some((f) => containsNode(f, b.owner)))
      : blocks;
  const collected = collectParagraphs(kept, roots, options.title ?? null, selected.length > 0);
  const paragraphs = selected.length > 0 ? collected : trimEdges(collected);
  return { paragraphs, container: roots[0] ?? null, skip };
}

/**
 * A list of posts (related rail, archive) loses to a candidate outside it that holds the headline `<h1>`. Without
 * such a candidate the ranking stands: a live blog is also a list of `<article>`s, and it is the page's content.
 */
function preferArticleOverFeed(ranked: Candidate[], feeds: ReadonlySet<DomElement>): Candidate[] {
  const top = ranked[0];
  if (!top || feeds.size === 0 || !isInFeed(top.el, feeds)) return ranked;
  const outside = ranked.filter((c) => !isInFeed(c.el, feeds));
  const best = outside[0];
  if (!best || best.score < top.score * 0.2 || !findByTag(best.el, H1).length) return ranked;
  return outside;
}

const H1 = new Set(['h1']);

/**
 * When several strong candidates sit side by side (an article split by ads into sibling divs), their common ancestor
 * is the real container.
 */
function promoteToSharedAncestor(top: Candidate, ranked: readonly Candidate[]): DomElement {
  // An <article> is a complete unit by definition; its strong siblings are other posts, not its continuation.
  if (top.el.name === 'article') return top.el;
  const topClass = top.el.attribs['class'];
  const alternatives = ranked
    .slice(1, 12)
    .filter(
      (c) =>
        (c.score >= top.score * 0.5 ||
          (topClass && c.el.attribs['class'] === topClass && c.score >= top.score * 0.2)) &&
        c.el.name !== 'article' &&
        !containsNode(c.el, top.el) &&
        !containsNode(top.el, c.el),
    );
  if (alternatives.length === 0) return top.el;
  let ancestor = parentElement(top.el);
  for (let level = 0; ancestor && ancestor.name !== 'body' && level < 4; level++) {
    const inside = alternatives.filter((c) => containsNode(ancestor as DomElement, c.el)).length;
    if (inside >= 1) return ancestor;
    ancestor = parentElement(ancestor);
  }
  return top.el;
}

/** Siblings of the container that continue the article (Readability's sibling rule). */
function findRelatedSiblings(
  container: DomElement,
  ranked: readonly Candidate[],
  stats: StatsMap,
): DomElement[] {
  const parent = container.parent;
  if (!parent) return [];
  const scoreOf = new Map(ranked.map((c) => [c.el, c.score]));
  const topScore = scoreOf.get(container) ?? 0;
  const threshold = Math.max(10, topScore * 0.2);
  const out: DomElement[] = [];
  for (const sibling of parent.children) {
    if (!isElement(sibling) || sibling === container || sibling.type !== 'tag') continue;
    let bonus = 0;
    if (getClassWeight(sibling) > 0 && getClassWeight(sibling) === getClassWeight(container))
      bonus = topScore * 0.2;
    if ((scoreOf.get(sibling) ?? 0) + bonus >= threshold) {
      out.push(sibling);
      continue;
    }
    if (sibling.name === 'p') {
      const length = stats.get(sibling)?.text ?? 0;
      const density = getLinkDensity(stats, sibling);
      if (length > 80 && density < 0.25) out.push(sibling);
    }
  }
  return out;
}

function collectParagraphs(
  blocks: readonly TextBlock[],
  roots: readonly DomElement[],
  title: string | null,
  trusted: boolean,
): string[] {
  const normalizedTitle = title ? squash(title) : null;
  const out: string[] = [];
  for (const block of blocks) {
    if (!roots.some((root) => containsNode(root, block.owner))) continue;
    if (!trusted && !keepBlock(block, normalizedTitle)) continue;
    // Lines split by <br> are paragraphs of their own in `text`.
    for (const line of block.text.split('\n')) out.push(line);
  }
  return out;
}

function keepBlock(block: TextBlock, normalizedTitle: string | null): boolean {
  const { text, owner } = block;
  if (owner.name === 'h1') return false;
  if (normalizedTitle && squash(text) === normalizedTitle) return false;
  const density = block.linkChars / Math.max(1, text.length);
  if (density > 0.5) return false;
  if (text.length < 250 && isBoilerplateText(text)) return false;
  if (/^h[2-6]$/.test(owner.name)) return true;
  // Stray labels ("Advert", "comments") and bare date lines are furniture; sentences end in punctuation.
  if (text.length < 12 && !/[.!?؟:"”»…)]$/.test(text) && !/^(?:li|td|dd|pre)$/.test(owner.name)) return false;
  if (text.length < 60 && isDateLine(text)) return false;
  // Photo credits and gallery counters: "© REUTERS / NAME", "Photo: AP", "Image 1 of 5".
  if (text.length < 80 && CREDIT_LINE.test(text)) return false;
  return true;
}

const CREDIT_LINE =
  /^(?:©|\(c\)\s|(?:photo|image|picture|credit|foto|imagen|صورة|الصورة|تصوير)s?\s*(?:credit|source)?\s*[:：,،]|(?:صدر|مصدر) الصورة\s*[:：,،]|(?:image|photo|picture|slide|foto|صورة)\s*\d+\s*(?:of|\/|de|di|من)\s*\d+$)/i;

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function findBody(root: DomParent): DomElement | null {
  for (const child of root.children) {
    if (!isElement(child)) continue;
    if (child.name === 'body') return child;
    const inner =
      child.name === 'html' ? child.children.find((c) => isElement(c) && c.name === 'body') : undefined;
    if (inner && isElement(inner)) return inner;
  }
  return null;
}

/** A short line that is mostly a date or time stamp ("November 18, 2019", "Updated at 1:23 p.m."). */
function isDateLine(text: string): boolean {
  // The signature line of an embedded tweet ("— Name (@handle) November 18, 2019") is part of the quote.
  if (/\(@\w+\)/.test(text)) return false;
  if (/^(?:updated|published|posted|last updated|تم التحديث|آخر تحديث|نشر)\b/i.test(text) && /\d/.test(text))
    return true;
  const words = text.split(/\s+/).length;
  return (
    words <= 8 &&
    parseDateText(text, { timeZone: 'UTC', now: new Date() }) !== null &&
    /\d{4}|\d:\d\d/.test(text)
  );
}
