/**
 * Publication and modification times, by the strategy order of OUTLETS.md: operator selector, feed date, Unix
 * timestamp attributes, meta tags, JSON-LD, embedded JSON, `<time datetime>`, visible text, URL.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { containsNode, getAttr, getText } from '../dom/dom-node.js';
import type { DomElement } from '../dom/dom-node.js';
import { getArticleObjects, getMeta } from '../meta/read-head.js';
import type { PageHead } from '../meta/read-head.js';
import { parseDateFromUrl } from './date-from-url.js';
import { parseDateText } from './parse-date-text.js';
import { parseMachineDate } from './parse-machine-date.js';

export interface DateInputs {
  $: CheerioAPI;
  head: PageHead;
  /** The chosen article container, to prefer dates printed near it. */
  container: DomElement | null;
  timeZone: string;
  now: Date;
  url?: string | undefined;
  feedPublishedAt?: string | null | undefined;
  selector?: string | undefined;
  selectorAttribute?: string | undefined;
}

export interface PageDates {
  publishedAt: string | null;
  modifiedAt: string | null;
}

const PUBLISHED_META = [
  'article:published_time',
  'og:published_time',
  'date.available',
  'datepublished',
  'article.published',
  'publishdate',
  'publish-date',
  'pubdate',
  'dc.date.issued',
  'dcterms.issued',
  'dc.date',
  'sailthru.date',
  'parsely-pub-date',
  'date',
  'date.created',
  'og:pubdate',
  'article_date_original',
  'cxenseparse:recs:publishtime',
];
const MODIFIED_META = [
  'article:modified_time',
  'og:updated_time',
  'date.modified',
  'datemodified',
  'dcterms.modified',
  'last-modified',
];
const TIMESTAMP_ATTRIBUTES = ['data-unixtime', 'data-timestamp', 'data-published', 'data-time', 'data-date'];
const EMBEDDED_PUBLISHED =
  /["']?(?:published_?time|date_?published|published_?at|publish_?date|pub_?date|first_?published_?at)["']?\s*:\s*["']?([^"',}\]]{6,40})/i;
const EMBEDDED_MODIFIED =
  /["']?(?:last_?updated|date_?modified|modified_?time|updated_?at)["']?\s*:\s*["']?([^"',}\]]{6,40})/i;
const DATE_HINT =
  /date|time|publish|posted|created|updated|byline|dateline|article-?info|meta|تاريخ|توقيت|نشر/i;

/** Find the page's publication and modification times. */
export function extractDates(inputs: DateInputs): PageDates {
  const { head, timeZone, now } = inputs;
  const machine = (value: string | null | undefined): string | null => parseMachineDate(value, timeZone, now);
  const publishedAt =
    fromSelector(inputs) ??
    machine(inputs.feedPublishedAt) ??
    fromTimestampAttributes(inputs) ??
    machine(getMeta(head, ...PUBLISHED_META)) ??
    fromJsonLd(head, ['datePublished', 'uploadDate', 'dateCreated'], machine) ??
    fromEmbeddedJson(head, EMBEDDED_PUBLISHED, machine) ??
    fromTimeElements(inputs, machine) ??
    fromVisibleText(inputs) ??
    (inputs.url ? parseDateFromUrl(inputs.url, timeZone) : null);
  const modifiedAt =
    machine(getMeta(head, ...MODIFIED_META)) ??
    fromJsonLd(head, ['dateModified'], machine) ??
    fromEmbeddedJson(head, EMBEDDED_MODIFIED, machine);
  return { publishedAt, modifiedAt };
}

function fromSelector(inputs: DateInputs): string | null {
  if (!inputs.selector) return null;
  let nodes: DomElement[];
  try {
    nodes = inputs.$(inputs.selector).toArray() as unknown as DomElement[];
  } catch {
    return null;
  }
  for (const node of nodes.slice(0, 5)) {
    const raw = inputs.selectorAttribute ? getAttr(node, inputs.selectorAttribute) : getText(node);
    const value =
      parseMachineDate(raw, inputs.timeZone, inputs.now) ??
      parseDateText(raw, { timeZone: inputs.timeZone, now: inputs.now })?.iso;
    if (value) return value;
  }
  return null;
}

/** Elements in document order, those near the article first. */
function byProximity(inputs: DateInputs, elements: DomElement[]): DomElement[] {
  const region = inputs.container?.parent?.parent ?? inputs.container?.parent ?? null;
  if (!region || region.type === 'root') return elements;
  const near = elements.filter((el) => containsNode(region, el));
  return [...near, ...elements.filter((el) => !near.includes(el))];
}

function fromTimestampAttributes(inputs: DateInputs): string | null {
  const found = inputs.head.elements.filter((el) => TIMESTAMP_ATTRIBUTES.some((a) => a in el.attribs));
  for (const el of byProximity(inputs, found).slice(0, 10)) {
    for (const attribute of TIMESTAMP_ATTRIBUTES) {
      const value = el.attribs[attribute];
      if (value && /^\d{9,13}$/.test(value.trim()))
        return parseMachineDate(value, inputs.timeZone, inputs.now);
    }
  }
  return null;
}

function fromJsonLd(head: PageHead, keys: string[], machine: (v: string) => string | null): string | null {
  for (const obj of getArticleObjects(head)) {
    for (const key of keys) {
      const value = obj[key];
      if (typeof value === 'string') {
        const parsed = machine(value);
        if (parsed) return parsed;
      }
    }
  }
  return null;
}

function fromEmbeddedJson(
  head: PageHead,
  pattern: RegExp,
  machine: (v: string) => string | null,
): string | null {
  for (const script of head.dataScripts) {
    const match = script.match(pattern);
    const parsed = match?.[1] ? machine(match[1].trim()) : null;
    if (parsed) return parsed;
  }
  return null;
}

function fromTimeElements(inputs: DateInputs, machine: (v: string) => string | null): string | null {
  const times = inputs.head.elements.filter((el) => el.name === 'time' && getAttr(el, 'datetime'));
  for (const el of byProximity(inputs, times).slice(0, 5)) {
    const parsed = machine(getAttr(el, 'datetime'));
    if (parsed) return parsed;
  }
  return null;
}

function fromVisibleText(inputs: DateInputs): string | null {
  const hinted = inputs.head.elements.filter(
    (el) =>
      el.name === 'time' ||
      DATE_HINT.test(`${getAttr(el, 'class')} ${getAttr(el, 'id')} ${getAttr(el, 'itemprop')}`),
  );
  let checked = 0;
  for (const el of byProximity(inputs, hinted)) {
    const text = getText(el);
    if (text.length < 6 || text.length > 200) continue;
    if (checked++ > 30) break;
    const parsed = parseDateText(text, { timeZone: inputs.timeZone, now: inputs.now });
    if (parsed) return parsed.iso;
  }
  return null;
}
