/**
 * JSON-LD `articleBody` as a second opinion on the DOM text. When most DOM paragraphs agree with it (share its word
 * 4-grams), DOM paragraphs at the edges that share nothing with it are furniture the scorer let in. When the DOM
 * gives (almost) nothing and the page states a long articleBody, that text is the article (pages rendered by script).
 */

const TOKEN = /[\p{L}\p{N}_]+/gu;

function grams(text: string): string[] {
  const words = text.toLowerCase().match(TOKEN) ?? [];
  if (words.length < 4) return words.length > 0 ? [words.join(' ')] : [];
  const out: string[] = [];
  for (let i = 0; i + 4 <= words.length; i++) out.push(words.slice(i, i + 4).join(' '));
  return out;
}

/** Share of a paragraph's 4-grams found in the reference set. */
function support(paragraph: string, reference: ReadonlySet<string>): number {
  const g = grams(paragraph);
  if (g.length === 0) return 1;
  let hit = 0;
  for (const x of g) if (reference.has(x)) hit++;
  return hit / g.length;
}

/** Paragraphs reconciled with the page's declared `articleBody` (unchanged when there is none). */
export function agreeWithJsonLd(paragraphs: readonly string[], articleBody: string | null): string[] {
  if (!articleBody || articleBody.length < 200) return [...paragraphs];
  const domChars = paragraphs.reduce((n, p) => n + p.length, 0);
  if (domChars < Math.min(200, articleBody.length * 0.2)) {
    return articleBody
      .replace(/<\/?(?:p|div|br|li|h[1-6])\b[^>]*>/gi, '\n')
      .replace(/<[^>]+>/g, ' ')
      .split(/\n+/)
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter((line) => line.length > 0);
  }
  const reference = new Set(grams(articleBody));
  const supported = paragraphs.map((p) => support(p, reference));
  let agreeing = 0;
  let total = 0;
  paragraphs.forEach((p, i) => {
    total += p.length;
    if ((supported[i] ?? 0) >= 0.5) agreeing += p.length;
  });
  if (total === 0 || agreeing < total * 0.8) return [...paragraphs];
  let start = 0;
  let end = paragraphs.length;
  while (start < end && (supported[start] ?? 1) === 0) start++;
  while (end > start && (supported[end - 1] ?? 1) === 0) end--;
  return paragraphs.slice(start, end);
}
