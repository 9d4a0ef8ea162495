/**
 * Apply an operator's per-source selectors. A selector that matches nothing (or is invalid) yields undefined, so
 * the generic result stands: selectors break silently when sites change, and the generic extractor is the net.
 */
import type { CheerioAPI } from 'cheerio/slim';
import type { ArticleSelectors } from '../../config/source-schema.js';
import { getAttr, getText } from '../dom/dom-node.js';
import type { DomElement } from '../dom/dom-node.js';
import { cleanAuthor } from '../meta/extract-fields.js';

export interface SelectedFields {
  title?: string;
  lead?: string;
  author?: string;
  image?: string;
  /** Elements holding the body, when the `body` selector matched. */
  body?: DomElement[];
  /** Elements to leave out of the body. */
  remove: DomElement[];
}

/** Run each selector once against the page. */
export function applySelectors($: CheerioAPI, selectors?: ArticleSelectors): SelectedFields {
  const out: SelectedFields = { remove: [] };
  if (!selectors) return out;
  const text = (selector?: string): string | undefined => {
    const first = select($, selector)[0];
    const value = first ? getText(first) : '';
    return value || undefined;
  };
  const title = text(selectors.title);
  if (title) out.title = title;
  const lead = text(selectors.lead);
  if (lead) out.lead = lead;
  const authors = select($, selectors.author)
    .map((el) => cleanAuthor(getText(el)))
    .filter((name): name is string => Boolean(name));
  if (authors.length > 0) out.author = [...new Set(authors)].join(', ');
  const image = select($, selectors.image)[0];
  if (image) {
    const src =
      getAttr(image, 'content') ||
      getAttr(image, 'src') ||
      getAttr(image, 'data-src') ||
      getAttr(image, 'href');
    if (src) out.image = src;
  }
  const body = select($, selectors.body);
  if (body.length > 0) out.body = body;
  for (const selector of selectors.remove ?? []) out.remove.push(...select($, selector));
  return out;
}

function select($: CheerioAPI, selector?: string): DomElement[] {
  if (!selector) return [];
  try {
    return $(selector).toArray() as unknown as DomElement[];
  } catch {
    return [];
  }
}
