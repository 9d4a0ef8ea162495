/**
 * Minimal structural types for the htmlparser2/domhandler tree that `cheerio/slim` builds. Declared here so the
 * extractor depends only on the shape it reads, not on a transitive package's type exports.
 */

export interface DomText {
  type: 'text';
  data: string;
  parent: DomParent | null;
}

export interface DomElement {
  type: 'tag' | 'script' | 'style';
  name: string;
  attribs: Record<string, string>;
  children: DomNode[];
  parent: DomParent | null;
}

export interface DomOther {
  type: 'comment' | 'directive' | 'cdata';
  parent: DomParent | null;
  children?: DomNode[];
  data?: string;
}

export interface DomRoot {
  type: 'root';
  children: DomNode[];
  parent: null;
}

export type DomNode = DomText | DomElement | DomOther;
export type DomParent = DomElement | DomRoot;

/** True for element nodes (including `<script>` and `<style>`, which domhandler types separately). */
export function isElement(node: DomNode | DomRoot): node is DomElement {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Attribute value, or '' when absent. */
export function getAttr(node: DomElement, name: string): string {
  return node.attribs[name] ?? '';
}

/** Element children of a node. */
export function getChildElements(node: DomParent): DomElement[] {
  const out: DomElement[] = [];
  for (const child of node.children) if (isElement(child)) out.push(child);
  return out;
}

/**
 * Every element under `root` in document order, without recursion (pages can nest thousands deep).
 * @param skip - elements to leave out together with their subtrees
 */
export function listElements(root: DomParent, skip?: ReadonlySet<DomElement>): DomElement[] {
  const out: DomElement[] = [];
  const stack: DomNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as DomNode;
    if (!isElement(node) || skip?.has(node)) continue;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as DomNode);
  }
  return out;
}

/** Elements with the given tag names, in document order. */
export function findByTag(root: DomParent, names: ReadonlySet<string>): DomElement[] {
  return listElements(root).filter((el) => names.has(el.name));
}

/** Plain text of a subtree with whitespace collapsed; iterative. */
export function getText(root: DomNode | DomRoot, skip?: ReadonlySet<DomElement>): string {
  if (root.type === 'text') return collapseSpace(root.data);
  const parts: string[] = [];
  const stack: DomNode[] = [...(root.children ?? [])].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as DomNode;
    if (node.type === 'text') parts.push(node.data);
    else if (isElement(node)) {
      if (node.type !== 'tag' || skip?.has(node)) continue;
      if (node.name === 'br') parts.push(' ');
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as DomNode);
    }
  }
  return collapseSpace(parts.join(''));
}

/** Collapse runs of whitespace (including NBSP) into one space and trim. */
export function collapseSpace(text: string): string {
  return text.replace(/[\s\u00A0]+/g, ' ').trim();
}

/** Nearest ancestor-or-self element matching `test`, stopping at the root. */
export function findAncestor(node: DomNode, test: (el: DomElement) => boolean): DomElement | null {
  let current: DomParent | null = isElement(node) ? node : node.parent;
  while (current && current.type !== 'root') {
    if (test(current)) return current;
    current = current.parent;
  }
  return null;
}

/** True when `inner` is `outer` or lies inside it. */
export function containsNode(outer: DomParent, inner: DomNode | DomParent): boolean {
  let current: DomNode | DomParent | null = inner;
  while (current) {
    if (current === outer) return true;
    current = current.parent;
  }
  return false;
}
