/**
 * Soft 404s: a "page not found" page served with status 200 (outlets do this for removed or mistyped articles).
 * Such a page must not become an article. Recognised by a not-found title or heading on a page with little text, or
 * a very short page whose text is a not-found message, in Arabic or English. Pure; linear regexes on bounded text.
 */
import { normalizeArabic } from '../../shared/text/normalize-arabic.js';

/** Phrases of a not-found page, on `normalizeArabic` text (ة→ه, أ→ا, ى→ي, lower case). */
const NOT_FOUND = [
  /\bpage\s+(?:was\s+)?not\s+found\b/,
  /\b(?:page|article|story|content|url|link)\b[^.!?]{0,60}\b(?:could\s*n[o'’]?t|can\s*n[o'’]?t|cannot)\s+be\s+found\b/,
  /\b(?:page|article|story)\s+(?:does\s*n[o'’]?t|does\s+not|no\s+longer)\s+exists?\b/,
  /\b(?:we\s+)?(?:could\s*n[o'’]?t|can\s*n[o'’]?t|cannot|did\s*n[o'’]?t)\s+find\s+(?:the|that|this)\s+page\b/,
  /\b(?:this|the)\s+page\s+(?:is\s*n[o'’]?t|is\s+not|is\s+no\s+longer)\s+available\b/,
  /\berror\s*404\b|\b404\s*(?:error|page|not\s+found)\b/,
  /الصفحه\s*(?:المطلوبه\s*)?(?:غير\s*(?:موجوده|متوفره|متاحه)|محذوفه)/,
  /لم\s*(?:يتم\s*)?(?:العثور|نعثر|نتمكن\s+من\s+العثور)\s*علي\s*(?:الصفحه|الرابط|المحتوي)/,
  /(?:الصفحه|الرابط)\s*(?:التي|الذي)\s*(?:تبحث|طلبتها|طلبته)/,
  /خطا\s*404/,
];
/** A title that is just "404" with a site name, "Error 404", "404 | Outlet", "Not found". */
const TITLE_404 = /^\W*(?:error\s*)?404\b|\b404\W*$|^\W*not\s+found\W*$/;

/** Title parts: "Page not found | Outlet", "الصفحة غير موجودة - شفق نيوز". */
const TITLE_SEPARATORS = /\s[|\-–—·:]\s|[|–—·]/;
/** A not-found title part is short; a headline that quotes "page not found" is longer. */
const TITLE_PART_MAX_CHARS = 45;
/** Pages with a not-found title and less text than this are not articles. */
const TITLE_PAGE_MAX_CHARS = 1500;
/** Pages with a not-found message in their text and less text than this are not articles. */
const TEXT_PAGE_MAX_CHARS = 400;

const isNotFound = (text: string) => NOT_FOUND.some((re) => re.test(text));

function tagText(html: string, tag: 'title' | 'h1'): string | undefined {
  const match = new RegExp(`<${tag}\\b[^>]{0,500}>([\\s\\S]{0,500}?)</${tag}>`, 'i').exec(html);
  return match?.[1]?.replace(/<[^>]*>/g, ' ');
}

/**
 * Why the fetched page is a "not found" page, or undefined when it may be an article. `page` is what the
 * extractor read; `html` (its first 256 KiB are looked at) supplies the document `<title>` and first `<h1>`.
 */
export function softNotFoundReason(
  page: { title: string | null; text: string },
  html = '',
): string | undefined {
  const text = page.text.trim();
  const head = html.slice(0, 256 * 1024);
  const titles = [page.title, tagText(head, 'title'), tagText(head, 'h1')]
    .filter((t): t is string => typeof t === 'string' && t.trim() !== '')
    .map((t) => normalizeArabic(t).slice(0, 300));
  // A title or heading *is* a not-found message (with at most the site name beside it), not a headline using one.
  const title = titles.find((t) =>
    t.split(TITLE_SEPARATORS).some((part) => {
      const p = part.trim();
      return p.length <= TITLE_PART_MAX_CHARS && (isNotFound(p) || TITLE_404.test(p));
    }),
  );
  if (title !== undefined && text.length < TITLE_PAGE_MAX_CHARS)
    return `the page says it is not found (title "${title.slice(0, 80)}", ${text.length} characters of text)`;
  if (text.length < TEXT_PAGE_MAX_CHARS && isNotFound(normalizeArabic(text)))
    return `the page says it is not found ("${text.slice(0, 80)}")`;
  return undefined;
}
