/**
 * Choose the element that holds the article: paragraphs vote for their ancestors with decaying weight (the idea of
 * Readability's scoring, re-implemented over text blocks), scaled by class hints and link density.
 */
import type { DomElement } from '../dom/dom-node.js';
import { getClassWeight } from './boilerplate-hints.js';
import type { StatsMap } from './measure-tree.js';
import type { TextBlock } from './segment-blocks.js';

/** Tags that are a paragraph themselves; their votes start at their parent. */
export const PARAGRAPH_TAGS = new Set([
  'p',
  'pre',
  'blockquote',
  'li',
  'dd',
  'dt',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'figcaption',
  'td',
  'th',
  'summary',
]);

const TAG_WEIGHT: Record<string, number> = {
  article: 10,
  main: 8,
  div: 5,
  section: 3,
  pre: 3,
  td: 3,
  blockquote: 3,
  form: -3,
  ol: -3,
  ul: -3,
  li: -3,
  dl: -3,
  address: -3,
  th: -5,
  h1: -5,
  h2: -5,
  h3: -5,
  h4: -5,
  h5: -5,
  h6: -5,
  header: -5,
  body: -10,
  html: -20,
};

const MAX_LEVELS = 5;

export interface Candidate {
  el: DomElement;
  score: number;
}

/** Link characters over text characters, 0 for empty elements. */
export function getLinkDensity(stats: StatsMap, el: DomElement): number {
  const s = stats.get(el);
  return s && s.text > 0 ? s.link / s.text : 0;
}

/** How much a block counts as article prose: 0 for short or link-heavy blocks. */
export function scoreBlock(block: TextBlock): number {
  const length = block.text.length;
  if (length < 25 || /^h[1-6]$/.test(block.owner.name)) return 0;
  const density = block.linkChars / Math.max(1, length);
  if (density > 0.5) return 0;
  const commas = block.text.match(/[,،;؛]/g)?.length ?? 0;
  return (1 + Math.min(commas, 10) + Math.min(Math.floor(length / 100), 3)) * (1 - density);
}

/** Ranked candidates (best first) with final scores. */
export function scoreCandidates(blocks: readonly TextBlock[], stats: StatsMap): Candidate[] {
  const scores = new Map<DomElement, number>();
  for (const block of blocks) {
    const value = scoreBlock(block);
    if (value === 0) continue;
    let el: DomElement | null = PARAGRAPH_TAGS.has(block.owner.name)
      ? parentElement(block.owner)
      : block.owner;
    for (let level = 0; el && level < MAX_LEVELS; level++) {
      if (!scores.has(el)) scores.set(el, TAG_WEIGHT[el.name] ?? 0);
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      scores.set(el, (scores.get(el) ?? 0) + value / divider);
      el = parentElement(el);
    }
  }
  const ranked: Candidate[] = [];
  for (const [el, raw] of scores) {
    // Class hints scale the votes rather than add a constant, so a "content" div with one line cannot win.
    const classFactor = 1 + getClassWeight(el) / 100;
    ranked.push({ el, score: raw * classFactor * (1 - getLinkDensity(stats, el)) });
  }
  ranked.sort((a, b) => b.score - a.score);
  return ranked;
}

/** Parent element, or null at the document root. */
export function parentElement(el: DomElement): DomElement | null {
  const parent = el.parent;
  return parent && parent.type !== 'root' ? parent : null;
}
