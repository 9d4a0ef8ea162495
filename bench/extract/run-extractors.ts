/**
 * The extractors the benchmark compares: raqib's own, and Mozilla Readability on linkedom and on jsdom.
 * jsdom appears only here (bench), never in src/: it leaks ~1.5 MB per page (STACK-NOTES §6).
 */
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseHTML } from 'linkedom';
import { extractArticle } from '../../src/extract/extract-article.js';

export type Extractor = (html: string, url: string) => string;

export const extractWithRaqib: Extractor = (html, url) => extractArticle(html, url ? { url } : {}).text;

export const extractWithReadabilityLinkedom: Extractor = (html) => {
  const { document } = parseHTML(html);
  try {
    return new Readability(document as unknown as Document).parse()?.textContent ?? '';
  } catch {
    return '';
  }
};

const quietConsole = new VirtualConsole();

export const extractWithReadabilityJsdom: Extractor = (html, url) => {
  const dom = new JSDOM(html, { url: url || 'https://example.invalid/', virtualConsole: quietConsole });
  try {
    return new Readability(dom.window.document).parse()?.textContent ?? '';
  } catch {
    return '';
  } finally {
    dom.window.close();
  }
};
