/**
 * What the story index keeps of an item once it is decided: its id, language, URL and dates (no title or text, which
 * would cost more than all its features), and its paragraph hashes once each. Pure.
 */
import type { StoryCandidate } from './story-index.js';

/** The item without its title and text (the index compares held items by their features only). */
export function heldItem(item: StoryCandidate): StoryCandidate {
  const held: StoryCandidate = { id: item.id, lang: item.lang, text: '' };
  if (item.url !== undefined) held.url = item.url;
  if (item.publishedAt !== undefined) held.publishedAt = item.publishedAt;
  if (item.seenAt !== undefined) held.seenAt = item.seenAt;
  return held;
}

const NO_PARAGRAPHS: Array<string | null> = [];

/**
 * The distinct paragraph hashes of an item (short paragraphs' nulls dropped): what `ParagraphCounts.remove` needs
 * when the item is evicted, as it counts each hash once per item and skips nulls.
 */
export function compactParagraphs(hashes: ReadonlyArray<string | null>): Array<string | null> {
  const distinct = [...new Set(hashes.filter((h): h is string => h !== null))];
  return distinct.length === 0 ? NO_PARAGRAPHS : distinct;
}
