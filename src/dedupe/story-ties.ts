/**
 * Story-level linkage: an item joins the story it is most strongly tied to. A story's tie is its best member's link
 * strength plus `storySupport` × the strengths (each capped at 1) of its other members that reach SUPPORT_FLOOR, the
 * bonus capped at `maxSupport`: several reports of one event that each nearly link a new report are better evidence
 * than one, and one weak link gains nothing. Copies (duplicates, revisions) repeat their original's evidence and add
 * no support. The story's aggregate (see `story-profile.ts`) can raise the tie further.
 */
import type { LinkThresholds, PairScore } from './story-scoring.js';

const SUPPORT_FLOOR = 0.3;

export interface StoryEvidence<E> {
  best: { entry: E; strength: number };
  others: number[];
}

export function addStoryEvidence<E>(
  stories: Map<string, StoryEvidence<E>>,
  storyId: string,
  entry: E,
  strength: number,
  isCopy: (entry: E) => boolean,
): void {
  const story = stories.get(storyId);
  if (!story) {
    stories.set(storyId, { best: { entry, strength }, others: [] });
  } else if (strength > story.best.strength) {
    if (!isCopy(story.best.entry)) story.others.push(story.best.strength);
    story.best = { entry, strength };
  } else if (!isCopy(entry)) {
    story.others.push(strength);
  }
}

/** The tie of a story from its members' link strengths (see the module comment). */
export function memberTie<E>(story: StoryEvidence<E>, thresholds: LinkThresholds): number {
  let support = 0;
  for (const strength of story.others) if (strength >= SUPPORT_FLOOR) support += Math.min(strength, 1);
  return story.best.strength + Math.min(thresholds.maxSupport, thresholds.storySupport * support);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The reason of a join: the best member, the pair's text and anchor scores and shared anchors, and what carried
 * the join when the pair alone did not say (the lead actors, or the other members' support).
 */
export function storyReason(
  id: string,
  pair: PairScore,
  support: number,
  supporters: number,
  actors: readonly string[] | undefined,
): string {
  const backing = actors
    ? ` lead-actors=${actors.join(',')}`
    : support > pair.strength
      ? ` story-support=${round3(support)} from ${supporters} more`
      : '';
  const shared = pair.sharedAnchors.slice(0, 6).join(',');
  return `story:${id} text=${round3(pair.text)} anchors=${round3(pair.anchors)} shared=${shared}${backing}`;
}
