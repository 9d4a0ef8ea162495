/**
 * htmlparser2 keeps its open-element stack with `Array#unshift`, so parsing N unclosed tags costs O(N²): 80,000
 * nested `<div>`s take ~2 s and 4 million never finish. This linear pre-pass drops start tags (and a matching
 * number of end tags) beyond a nesting limit, keeping all text, so hostile pages parse in linear time.
 */

/** Tags that never nest or whose end tag is usually implied; they do not count towards depth. */
const NON_NESTING = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'option',
  'optgroup',
  'tbody',
  'thead',
  'tfoot',
  'colgroup',
  'rp',
  'rt',
  '!doctype',
]);

const TAG = /<(\/?)([a-zA-Z!][a-zA-Z0-9:-]*)[^<>]*>/g;

/**
 * Drop start tags nested deeper than `maxDepth` (counted approximately from the raw markup).
 * @param maxDepth - default 1000; real pages stay well under 100
 * @returns the input itself when nothing had to change
 */
export function limitNesting(html: string, maxDepth = 1000): string {
  let depth = 0;
  let excess = 0;
  let changed = false;
  const kept: string[] = [];
  let last = 0;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(html); match; match = TAG.exec(html)) {
    const name = (match[2] ?? '').toLowerCase();
    if (NON_NESTING.has(name) || match[0].endsWith('/>')) continue;
    let drop = false;
    if (match[1] === '/') {
      if (excess > 0) {
        excess--;
        drop = true;
      } else if (depth > 0) depth--;
    } else if (depth >= maxDepth) {
      excess++;
      drop = true;
    } else depth++;
    if (drop) {
      changed = true;
      kept.push(html.slice(last, match.index));
      last = match.index + match[0].length;
    }
  }
  if (!changed) return html;
  kept.push(html.slice(last));
  return kept.join('');
}
