/**
 * What the story index keeps of an item once it is decided: its id, language, URL and dates (no title or text, which
 * would cost more than all its features). Pure.
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
