/**
 * Splits normalised text into tokens with sentence numbers and finds every lexicon term in it.
 */
import { normalizeArabic } from '../shared/text/normalize-arabic.js';
import { GAP, GAP_MAX, type CompiledEntity, type CompiledTerm, type CompiledTopic } from './compile-topic.js';
import { generateVariants, type TokenVariants } from './token-variants.js';

export interface Token {
  form: string;
  sentence: number;
  /** Offset of the token in the normalised text. */
  offset: number;
}

export interface TokenizedText {
  normalized: string;
  tokens: Token[];
  variants: TokenVariants[];
  sentenceCount: number;
}

export interface Hit {
  entity: CompiledEntity;
  term: CompiledTerm;
  /** First token index. */
  start: number;
  /** One past the last token index. */
  end: number;
  sentence: number;
}

const TOKEN_OR_STOP = /[\p{L}\p{N}]+|[.!?؟؛]/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SINGLE_LATIN = /^[a-z]$/;

/**
 * Normalise and tokenise. Sentence stops are . ! ? ؟ ؛ and paragraph breaks (blank lines); a "." inside
 * "u.s." or "17.08.2025" is not a stop. Single line breaks are not stops because excerpts wrap mid-sentence.
 */
export function tokenizeText(text: string): TokenizedText {
  const paragraphs = text.replace(/\r\n?/g, '\n').replace(/\n[ \t\u00A0]*\n/g, ' . ');
  const normalized = normalizeArabic(paragraphs).replace(/(\d)[,٬](\d{3})(?!\d)/g, '$1$2');
  const tokens: Token[] = [];
  const variants: TokenVariants[] = [];
  let sentence = 0;
  let sentenceHasTokens = false;
  for (const match of normalized.matchAll(TOKEN_OR_STOP)) {
    const form = match[0];
    const offset = match.index;
    if (form.length === 1 && '.!?؟؛'.includes(form)) {
      const next = normalized[offset + 1] ?? ' ';
      const previous = tokens[tokens.length - 1];
      const abbreviation =
        form === '.' &&
        (LETTER_OR_DIGIT.test(next) || (previous !== undefined && SINGLE_LATIN.test(previous.form)));
      if (!abbreviation && sentenceHasTokens) {
        sentence += 1;
        sentenceHasTokens = false;
      }
      continue;
    }
    tokens.push({ form, sentence, offset });
    variants.push(generateVariants(form));
    sentenceHasTokens = true;
  }
  return { normalized, tokens, variants, sentenceCount: sentenceHasTokens ? sentence + 1 : sentence };
}

function tokenHas(text: TokenizedText, index: number, form: string, verbal: boolean): boolean {
  const v = text.variants[index];
  if (v === undefined) return false;
  return verbal ? v.verbal.has(form) : v.nominal.has(form);
}

/** Match `term` at token `start`; returns the end index (exclusive) or -1. Never crosses a sentence stop. */
function matchAt(text: TokenizedText, term: CompiledTerm, start: number): number {
  const sentence = text.tokens[start]?.sentence;
  const step = (slot: number, position: number): number => {
    if (slot === term.tokens.length) return position;
    const want = term.tokens[slot];
    if (want === GAP) {
      for (let skip = 0; skip <= GAP_MAX; skip += 1) {
        const end = step(slot + 1, position + skip);
        if (end !== -1) return end;
      }
      return -1;
    }
    if (want === undefined || text.tokens[position]?.sentence !== sentence) return -1;
    return tokenHas(text, position, want, term.verbal) ? step(slot + 1, position + 1) : -1;
  };
  return step(1, start + 1);
}

// Per topic and token: the terms whose first token the token can be. Pure, so cached; bounded like the
// variant cache. Turns matching into about one map lookup per token.
const CANDIDATE_CACHE_LIMIT = 100_000;
const candidateCache = new WeakMap<CompiledTopic, Map<string, readonly CompiledTerm[]>>();
const NONE: readonly CompiledTerm[] = [];

function candidateTerms(
  topic: CompiledTopic,
  form: string,
  variants: TokenVariants,
): readonly CompiledTerm[] {
  let perTopic = candidateCache.get(topic);
  if (perTopic === undefined) {
    perTopic = new Map();
    candidateCache.set(topic, perTopic);
  }
  const cached = perTopic.get(form);
  if (cached !== undefined) return cached;
  const found = new Set<CompiledTerm>();
  for (const variant of variants.verbal) {
    const terms = topic.index.get(variant);
    if (terms === undefined) continue;
    const nominal = variants.nominal.has(variant);
    for (const term of terms) if (nominal || term.verbal) found.add(term);
  }
  const result = found.size === 0 ? NONE : [...found];
  if (perTopic.size >= CANDIDATE_CACHE_LIMIT) perTopic.clear();
  perTopic.set(form, result);
  return result;
}

/**
 * Every term occurrence. Where terms of one entity kind overlap, only the longest is kept (so "Baghdad
 * airport" is one place, not two); different kinds may overlap ("US withdrawal" is an actor and an event).
 */
export function findHits(text: TokenizedText, topic: CompiledTopic): Hit[] {
  const raw: Hit[] = [];
  for (let start = 0; start < text.tokens.length; start += 1) {
    const token = text.tokens[start]!;
    for (const term of candidateTerms(topic, token.form, text.variants[start]!)) {
      const end = term.tokens.length === 1 ? start + 1 : matchAt(text, term, start);
      if (end !== -1) raw.push({ entity: term.entity, term, start, end, sentence: token.sentence });
    }
  }
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  const lastEndByKind = new Map<string, number>();
  for (const hit of raw) {
    const lastEnd = lastEndByKind.get(hit.entity.kind) ?? -1;
    if (hit.start < lastEnd) continue;
    kept.push(hit);
    lastEndByKind.set(hit.entity.kind, hit.end);
  }
  return kept;
}

/** The normalised text a hit covers, for reasons. */
export function hitText(text: TokenizedText, hit: Hit): string {
  const first = text.tokens[hit.start];
  const last = text.tokens[hit.end - 1];
  if (first === undefined || last === undefined) return '';
  return text.normalized.slice(first.offset, last.offset + last.form.length);
}
