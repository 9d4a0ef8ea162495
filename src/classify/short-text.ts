/**
 * Short texts (a headline and a sentence or two: a wire flash, a teaser-only feed entry whose page failed) are
 * one scope. A full report names the forces, the action and the place in one sentence somewhere among many; a
 * flash says the same across its two lines ("Coalition advisers relocated to Erbil" / "… left Ain al-Asad on
 * Friday"), or leaves one of them to the other line. So in a short text a topic frame that lacks the forces or
 * the place in its own sentence is completed from the rest of the text, provided nothing in the text points to
 * another theatre or sense (a foreign place anywhere but as the forces' destination, an inbound move or a negative
 * context around an event word). A short text about the body that runs the process (the Higher Military Commission)
 * and no event word makes a frame of that body with the forces and a place.
 */
import type { Frame } from './analyse-frames.js';
import type { Hit, TokenizedText } from './match-terms.js';

/** A text this many sentences long or shorter (headline included) is read as one scope… */
export const SHORT_SCOPE_SENTENCES = 3;
/** …and so is one of at most this many words, however its sentences are cut (a lead paragraph and a sentence). */
export const SHORT_SCOPE_TOKENS = 100;

export interface ShortScope {
  /** The frame completed from the rest of the text, keyed by its sentence. */
  sentence: number;
  frame: Frame;
  /** What the rest of the text supplied. */
  supplied: string;
  /** The frame's action is a process body's meeting or statement, not an event word. */
  fromProcessBody?: boolean;
}

/**
 * The weak topic frame that the whole short text completes into a strong one, or undefined. `strongCount` is the
 * number of sentences that already hold a strong frame: with one, the text needs no completion.
 */
export function completeShortText(
  text: TokenizedText,
  hits: readonly Hit[],
  frames: readonly Frame[],
  strongCount: number,
  validActor: (hit: Hit) => boolean,
): ShortScope | undefined {
  const short = text.sentenceCount <= SHORT_SCOPE_SENTENCES || text.tokens.length <= SHORT_SCOPE_TOKENS;
  if (strongCount > 0 || text.tokens.length === 0 || !short) return undefined;
  // A foreign place counts against the completion unless it is where a topic frame's forces go ("leaves Ain
  // al-Asad for Syria").
  const goal = new Set(frames.filter((f) => f.type === 'topic').map((f) => f.destination));
  if (hits.some((h) => h.entity.kind === 'theatre' && !goal.has(h))) return undefined;
  if (frames.some((f) => f.type !== 'topic' && f.type !== 'unplaced')) return undefined;
  const actor = hits.find((h) => h.entity.kind === 'actor' && validActor(h));
  const place = hits.find((h) => h.entity.kind === 'place');
  if (actor === undefined || place === undefined) return undefined;
  // The frame that needs least from the rest of the text: the headline's first, then in text order.
  const need = (f: Frame) =>
    (f.actor === undefined || f.actorNearby ? 1 : 0) + (f.place === undefined ? 1 : 0);
  const ordered = [...frames].sort((a, b) => need(a) - need(b) || a.sentence - b.sentence);
  for (const f of ordered) {
    const lacksActor = f.actor === undefined || f.actorNearby;
    const lacksPlace = f.place === undefined;
    const supplied = [lacksActor ? 'the forces' : '', lacksPlace ? 'the place' : '']
      .filter(Boolean)
      .join(' and ');
    return {
      sentence: f.sentence,
      frame: {
        ...f,
        type: 'topic',
        actor: lacksActor ? actor : f.actor,
        actorNearby: false,
        place: f.place ?? place,
      },
      supplied,
    };
  }
  return processBodyFrame(hits, actor, place);
}

/**
 * A short text with no event word whose subject is the body that runs the process (the Higher Military
 * Commission met, announced, agreed): for the topic that meeting is the action, as the forces leaving are.
 */
function processBodyFrame(hits: readonly Hit[], actor: Hit, place: Hit): ShortScope | undefined {
  const body = hits.find((h) => h.entity.kind === 'marker' && h.entity.processBody === true);
  if (body === undefined) return undefined;
  return {
    sentence: body.sentence,
    frame: {
      type: 'topic',
      event: body,
      sentence: body.sentence,
      actor,
      actorNearby: false,
      place,
      origin: undefined,
      destination: undefined,
      context: undefined,
    },
    supplied: 'the forces and the place',
    fromProcessBody: true,
  };
}
