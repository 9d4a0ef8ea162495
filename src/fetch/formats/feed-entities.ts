/**
 * DOCTYPE-declared internal entities (`<!ENTITY org "وزارة الدفاع">`) expanded before the feed is parsed, with a
 * bound on the total expansion so an entity bomb ("billion laughs") stays harmless. External entities (SYSTEM or
 * PUBLIC) and parameter entities are never resolved: their references are dropped. Hand-written because feedsmith
 * leaves `&name;` in the text and the XML parsers at hand either resolve nothing or have no expansion bound.
 */
import { FormatParseError } from './candidate-fields.js';

/** Most characters the expansion may add to the document; a bomb needs far more, real feeds far less. */
export const MAX_ENTITY_EXPANSION_CHARS = 1_000_000;
/** Most declared entities read from one DOCTYPE. */
const MAX_ENTITIES = 500;

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const DOCTYPE =
  /<!DOCTYPE\s+[\w:.-]+(?:\s+(?:SYSTEM|PUBLIC)(?:\s+(?:"[^"]*"|'[^']*'))+)?\s*(?:\[([\s\S]*?)\]\s*)?>/i;
const ENTITY_DECL =
  /<!ENTITY\s+(%\s+)?([\w:.-]+)\s+(?:"([^"]*)"|'([^']*)'|(?:SYSTEM|PUBLIC)(?:\s+(?:"[^"]*"|'[^']*'))+(?:\s+NDATA\s+[\w:.-]+)?)\s*>/g;

/**
 * Remove the DOCTYPE (if any) and expand the internal entities it declares. Returns the text unchanged when it
 * has no DOCTYPE. Throws `FormatParseError` when the expansion would exceed `MAX_ENTITY_EXPANSION_CHARS`.
 */
export function expandDoctypeEntities(text: string): string {
  const head = text.slice(0, 200_000);
  const doctype = DOCTYPE.exec(head);
  if (!doctype) return text;
  const internal = new Map<string, string>();
  const external = new Set<string>();
  let count = 0;
  for (const decl of (doctype[1] ?? '').matchAll(ENTITY_DECL)) {
    if (++count > MAX_ENTITIES) throw new FormatParseError('feed', 'too many DOCTYPE entities');
    const [, parameter, name, double, single] = decl;
    if (parameter || !name || PREDEFINED.has(name)) continue;
    const value = double ?? single;
    if (value === undefined) external.add(name);
    else if (!internal.has(name)) internal.set(name, value);
  }
  const body = text.slice(0, doctype.index) + text.slice(doctype.index + doctype[0].length);
  if (internal.size === 0 && external.size === 0) return body;
  const budget = { left: MAX_ENTITY_EXPANSION_CHARS };
  const reference = /&([A-Za-z_][\w:.-]*);/g;
  const expand = (value: string, depth: number, seen: ReadonlySet<string>): string =>
    value.replace(reference, (whole, name: string) => {
      if (external.has(name)) return '';
      const replacement = internal.get(name);
      if (replacement === undefined || seen.has(name) || depth > 16) return whole;
      const out = expand(replacement, depth + 1, new Set([...seen, name]));
      budget.left -= out.length;
      if (budget.left < 0)
        throw new FormatParseError(
          'feed',
          `DOCTYPE entity expansion exceeds ${MAX_ENTITY_EXPANSION_CHARS} characters`,
        );
      return out;
    });
  return expand(body, 0, new Set());
}
