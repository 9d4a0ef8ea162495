/**
 * Builds the typed evidence summary of a classification (see ClassificationEvidence in src/shared/types.ts)
 * from the frames and time evidence the scorer used: the best frame (topic before inbound before weak ones,
 * the earliest sentence first, so the headline's frame wins) gives actor, action, place and direction.
 */
import type { ClassificationEvidence, EvidenceTerm } from '../shared/types.js';
import type { Frame } from './analyse-frames.js';
import { hitText, type Hit, type TokenizedText } from './match-terms.js';
import { sumCounts, type TimeEvidence } from './time-cues.js';

const FRAME_RANK: Record<Frame['type'], number> = {
  topic: 0,
  inbound: 1,
  unplaced: 2,
  foreign: 3,
  context: 4,
};

function term(text: TokenizedText, hit: Hit | undefined): EvidenceTerm | null {
  if (!hit) return null;
  return { id: hit.entity.id, label: hit.entity.label, match: hitText(text, hit) };
}

function rank(f: Frame): number {
  // Strong topic frames (forces named in the window) first, then by frame type, then by sentence.
  const strong = f.type === 'topic' && f.actor !== undefined && !f.actorNearby ? 0 : 1;
  return strong * 100_000 + FRAME_RANK[f.type] * 10_000 + f.sentence;
}

function direction(f: Frame): ClassificationEvidence['direction'] {
  if (f.type === 'inbound') return 'into-iraq';
  if (f.destination?.entity.kind === 'place') return 'within-iraq';
  if (f.destination?.entity.kind === 'theatre') return 'out-of-iraq';
  if (f.type === 'topic' && f.origin?.entity.kind === 'place') return 'out-of-iraq';
  return 'unknown';
}

function timeScope(time: TimeEvidence): ClassificationEvidence['timeScope'] {
  const past = sumCounts(time.pastYears) + time.pastCues.length + (time.pastTroopCount !== undefined ? 1 : 0);
  const current = sumCounts(time.inScopeYears) + time.currentCues.length;
  if (time.publishedBefore !== undefined) return 'past';
  if (past > 0 && current > 0) return current >= past ? 'mixed' : 'past';
  if (past > 0) return 'past';
  if (current > 0) return 'current';
  return 'unknown';
}

/** The typed evidence for one classified text, or null when no event frame was found. */
export function typedEvidence(
  text: TokenizedText,
  frames: readonly Frame[],
  time: TimeEvidence,
): ClassificationEvidence | null {
  let best: Frame | undefined;
  for (const f of frames) if (best === undefined || rank(f) < rank(best)) best = f;
  if (!best) return null;
  return {
    actor: term(text, best.actor),
    action: { id: best.event.entity.id, label: best.event.entity.label, match: hitText(text, best.event) },
    place: term(text, best.place),
    from: term(text, best.origin),
    to: term(text, best.destination),
    direction: direction(best),
    timeScope: timeScope(time),
  };
}
