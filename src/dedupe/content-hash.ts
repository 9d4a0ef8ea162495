/**
 * Exact-duplicate key: a hash over the normalised title and text, so a copy that differs only in diacritics,
 * punctuation, digits' script, whitespace or a breaking-news label hashes the same.
 */
import xxhash from 'xxhash-wasm';
import type { XXHashAPI } from 'xxhash-wasm';
import { normalizeArabic, tokenize } from '../shared/text/normalize-arabic.js';
import { normalizeHeadline, stripBreakingPrefixes } from './breaking-prefixes.js';

/** Text both hashes are computed over: normalised title and text, prefixes stripped, punctuation dropped. */
export function hashableContent(title: string | null | undefined, text: string): string {
  const head = title ? tokenize(normalizeHeadline(title)).join(' ') : '';
  const body = tokenize(stripBreakingPrefixes(normalizeArabic(text ?? ''))).join(' ');
  // When the title is repeated at the start of the text (common in extracted pages), drop the repeat.
  const trimmedBody = head && body.startsWith(head) ? body.slice(head.length).trim() : body;
  return `${head}\n${trimmedBody}`;
}

// xxhash-wasm compiles a WASM module once; the instance is stateless, so sharing it is safe.
let api: Promise<XXHashAPI> | null = null;

/** Load xxhash-wasm once (async because WASM instantiation is). */
export function loadXxhash(): Promise<XXHashAPI> {
  api ??= xxhash();
  return api;
}

/** A synchronous content hasher, for hot loops: `const hash = await createContentHasher(); hash(title, text)`. */
export async function createContentHasher(): Promise<
  (title: string | null | undefined, text: string) => string
> {
  const { h64ToString } = await loadXxhash();
  return (title, text) => h64ToString(hashableContent(title, text));
}

/**
 * Content hash of an article: xxh64 (16 hex digits) over {@link hashableContent}. **Async**: returns a Promise,
 * because xxhash-wasm needs a one-time async WASM init (use {@link createContentHasher} for a synchronous function).
 */
export async function contentHash(title: string | null | undefined, text: string): Promise<string> {
  const { h64ToString } = await loadXxhash();
  return h64ToString(hashableContent(title, text));
}
