/**
 * Frames: for each event word (withdraw, hand over, end the mission…), which forces and which places occur
 * around it in the same sentence, and which way the forces move. A frame is what separates "US forces leave
 * Ain al-Asad for Syria" (the topic) from "coalition convoys leave Tanf for Iraq" (wrong direction) or
 * "Israel withdraws from Gaza" (another theatre) — the same words in different roles.
 */
import type { Hit, TokenizedText } from './match-terms.js';

export type FrameType = 'topic' | 'foreign' | 'inbound' | 'context' | 'unplaced';

export interface Frame {
  type: FrameType;
  event: Hit;
  sentence: number;
  /** An in-scope actor in the window (makes a topic frame strong), else in the same or a neighbouring sentence. */
  actor: Hit | undefined;
  /** The actor was found outside the window (the text names the forces once, then says "the withdrawal"). */
  actorNearby: boolean;
  /** The place the frame is about: the origin when known, else the nearest place. */
  place: Hit | undefined;
  origin: Hit | undefined;
  destination: Hit | undefined;
  /** The negative context that turned this frame into `context`. */
  context: Hit | undefined;
}

/** Head nouns and modifiers that may stand between a preposition and a place name ("from the air base of"). */
const HEADS = new Set([
  'قاعده',
  'قاعدتي',
  'قاعدتين',
  'قواعد',
  'مطار',
  'مدينه',
  'محافظه',
  'اقليم',
  'عاصمه',
  'اراضي',
  'ارض',
  'مقر',
  'مقرات',
  'معسكر',
  'حدود',
  'شمال',
  'جنوب',
  'غرب',
  'شرق',
  'شمالي',
  'جنوبي',
  'غربي',
  'شرقي',
  'وسط',
  'منطقه',
  'مناطق',
  'the',
  'base',
  'air',
  'airbase',
  'city',
  'province',
  'region',
  'capital',
  'airport',
  'garrison',
  'camp',
  'al',
  'northeastern',
  'northern',
  'western',
  'southern',
  'eastern',
  'north',
  'south',
  'west',
  'east',
  'federal',
]);
const ORIGIN_WORDS = new Set(['من', 'خارج', 'from', 'outside']);
const DESTINATION_WORDS = new Set([
  'الي',
  'باتجاه',
  'اتجاه',
  'نحو',
  'صوب',
  'to',
  'toward',
  'towards',
  'into',
  'for',
]);

/** Words that place the forces somewhere ("stay in Syria", "وجود القوات في العراق"). */
const LOCATIVE_WORDS = new Set(['في', 'داخل', 'in', 'inside', 'within']);

type Role = 'origin' | 'destination' | 'other';

function hasAny(text: TokenizedText, index: number, words: ReadonlySet<string>): boolean {
  const v = text.variants[index];
  if (v === undefined) return false;
  for (const w of v.nominal) if (words.has(w)) return true;
  return false;
}

/** Whether `place` is where forces leave from, where they go, or neither, from the words just before it. */
function roleOf(
  text: TokenizedText,
  place: Hit,
  skippable: ReadonlySet<number>,
  leaveEnds: ReadonlySet<number>,
): Role {
  const next = text.tokens[place.end];
  if (next?.form === 'bound' && next.sentence === place.sentence) return 'destination';
  let i = place.start - 1;
  for (let steps = 0; i >= 0 && steps < 4; steps += 1, i -= 1) {
    if (text.tokens[i]?.sentence !== place.sentence) return 'other';
    if (leaveEnds.has(i + 1)) return 'origin';
    if (hasAny(text, i, ORIGIN_WORDS)) return 'origin';
    if (text.tokens[i]?.form === 'of' && text.tokens[i - 1]?.form === 'out') return 'origin';
    if (hasAny(text, i, DESTINATION_WORDS)) return 'destination';
    if (!skippable.has(i) && !hasAny(text, i, HEADS)) return 'other';
  }
  return 'other';
}

/** Whether a locative word ("in", "في") stands just before `place`, over head nouns ("in the base of"). */
function isLocated(text: TokenizedText, place: Hit, skippable: ReadonlySet<number>): boolean {
  let i = place.start - 1;
  for (let steps = 0; i >= 0 && steps < 4; steps += 1, i -= 1) {
    if (text.tokens[i]?.sentence !== place.sentence) return false;
    if (hasAny(text, i, LOCATIVE_WORDS)) return true;
    if (!skippable.has(i) && !hasAny(text, i, HEADS)) return false;
  }
  return false;
}

function distance(a: Hit, b: Hit): number {
  if (a.end <= b.start) return b.start - a.end;
  if (b.end <= a.start) return a.start - b.end;
  return 0;
}

/**
 * One frame per event hit. `validActor` says whether an actor hit counts (short aliases need their full
 * entity elsewhere in the text).
 */
export function buildFrames(
  text: TokenizedText,
  hits: readonly Hit[],
  window: number,
  validActor: (hit: Hit) => boolean,
): Frame[] {
  const skippable = new Set<number>();
  const leaveEnds = new Set<number>();
  for (const hit of hits) {
    if (hit.entity.kind === 'actor' || hit.entity.kind === 'event') {
      for (let i = hit.start; i < hit.end; i += 1) skippable.add(i);
    }
    if (hit.entity.kind === 'event' && hit.entity.leaves) leaveEnds.add(hit.end);
  }
  const bySentence = new Map<number, Hit[]>();
  for (const hit of hits) {
    const list = bySentence.get(hit.sentence);
    if (list) list.push(hit);
    else bySentence.set(hit.sentence, [hit]);
  }
  const frames: Frame[] = [];
  for (const event of hits) {
    if (event.entity.kind !== 'event') continue;
    const near = (bySentence.get(event.sentence) ?? []).filter(
      (h) => h !== event && h.start >= event.start - window && h.end <= event.end + window,
    );
    const actors = near.filter((h) => h.entity.kind === 'actor' && validActor(h));
    const contexts = near.filter((h) => h.entity.kind === 'context');
    // Places around the event word, and inside the gap of a starred term ("troops * remain" read over "troops in
    // Syria remain"): the gap's words are not the event's own.
    const places = near.filter(
      (h) =>
        (h.entity.kind === 'place' || h.entity.kind === 'theatre') &&
        (h.end <= event.start || h.start >= event.end || (h.start > event.start && h.end < event.end)),
    );
    const roles = new Map(places.map((p) => [p, roleOf(text, p, skippable, leaveEnds)]));
    const origins = places.filter((p) => roles.get(p) === 'origin');
    const destinations = places.filter((p) => roles.get(p) === 'destination');
    const actor = actors.sort((a, b) => distance(a, event) - distance(b, event))[0];
    const frame: Frame = {
      type: 'unplaced',
      event,
      sentence: event.sentence,
      actor,
      actorNearby: false,
      place: undefined,
      origin: undefined,
      destination: destinations[0],
      context: undefined,
    };
    const inScopeOrigin = origins.find((p) => p.entity.kind === 'place');
    const foreignOrigin = origins.find((p) => p.entity.kind === 'theatre');
    // A context word at least as close as the nearest actor decides the sense ("the club withdrew",
    // "American diplomats leave"); a farther one does not ("a bloc MP said coalition forces withdrew").
    const context = contexts.sort((a, b) => distance(a, event) - distance(b, event))[0];
    if (context && (actor === undefined || distance(context, event) <= distance(actor, event))) {
      frame.type = 'context';
      frame.context = context;
    } else if (inScopeOrigin) {
      frame.type = 'topic';
      frame.origin = inScopeOrigin;
      frame.place = inScopeOrigin;
      frame.destination = destinations.find((p) => p !== inScopeOrigin);
    } else if (foreignOrigin) {
      const inboundTo = destinations.find((p) => p.entity.kind === 'place');
      frame.type = inboundTo ? 'inbound' : 'foreign';
      frame.origin = foreignOrigin;
      frame.place = foreignOrigin;
      frame.destination = inboundTo ?? destinations[0];
    } else if (
      destinations.some((p) => p.entity.kind === 'place') &&
      places.some((p) => p.entity.kind === 'theatre' && roles.get(p) !== 'destination')
    ) {
      // A move into the theatre with a foreign place beside it and no origin word ("the Shaddadi base is empty of
      // the US forces, which pulled them to Kurdistan"): forces arriving, not leaving.
      frame.type = 'inbound';
      frame.origin = places.find((p) => p.entity.kind === 'theatre' && roles.get(p) !== 'destination');
      frame.place = frame.origin;
      frame.destination = destinations.find((p) => p.entity.kind === 'place');
    } else {
      // Where the forces are ("stay in Syria") before a place merely named nearby ("the Iraqi minister").
      const located = (p: Hit) => (isLocated(text, p, skippable) ? 0 : 1);
      const nearest = places
        .filter((p) => roles.get(p) !== 'destination')
        .sort((a, b) => located(a) - located(b) || distance(a, event) - distance(b, event))[0];
      if (nearest) {
        frame.type = nearest.entity.kind === 'place' ? 'topic' : 'foreign';
        frame.place = nearest;
      } else if (destinations.some((p) => p.entity.kind === 'place')) {
        // Only a destination inside the theatre: a relocation within it (e.g. to Erbil).
        frame.type = 'topic';
        frame.place = destinations.find((p) => p.entity.kind === 'place');
      }
    }
    if (frame.type === 'topic' && frame.origin === undefined && frame.destination?.entity.kind === 'place') {
      // A move into the theatre whose origin abroad is named in the neighbouring sentence ("The Hasakah base
      // stands empty. US forces pulled their troops to Kurdistan."): arriving, not leaving.
      const abroad = [event.sentence - 1, event.sentence + 1]
        .flatMap((n) => bySentence.get(n) ?? [])
        .find((h) => h.entity.kind === 'theatre');
      if (abroad) {
        frame.type = 'inbound';
        frame.origin = abroad;
        frame.place = abroad;
      }
    }
    if (frame.type === 'topic' && frame.actor === undefined) {
      const nearby = [event.sentence, event.sentence - 1, event.sentence + 1]
        .flatMap((n) => bySentence.get(n) ?? [])
        .find((h) => h.entity.kind === 'actor' && validActor(h));
      if (nearby) {
        frame.actor = nearby;
        frame.actorNearby = true;
      }
    }
    // A home-only event about another theatre ("the coalition should stay in Syria") is no withdrawal frame there.
    if (event.entity.homeOnly === true && frame.type === 'foreign') continue;
    frames.push(frame);
  }
  return frames;
}
