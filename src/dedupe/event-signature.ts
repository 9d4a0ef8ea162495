/**
 * The event signature of a report: where (specific places), when (calendar days named), what figures (numbers) and
 * who (people) its anchors name. Two reports of one event rarely contradict each other on these; two separate
 * events of one running story (a convoy leaving one base, a handover at another, a timetable for a third) do, while
 * sharing every generic anchor and the outlets' background paragraphs. A facet conflicts when both reports name
 * something in it and nothing in common.
 */

export interface EventSignature {
  places: readonly string[];
  days: readonly string[];
  numbers: readonly string[];
  people: readonly string[];
}

/** How much of a report its signature reads: the headline and lead, where a report says what, where and when. */
const LEAD_CHARS = 500;

/**
 * The headline and lead of a text: its first two non-empty lines, at most LEAD_CHARS characters (a text in one
 * block gives its first LEAD_CHARS). The background and quotes further down name other places, dates and figures.
 */
export function leadOf(title: string | null | undefined, text: string): string {
  const lines = text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const head = title ? [title, lines[0] ?? ''] : lines.slice(0, 2);
  return head.join('\n').slice(0, LEAD_CHARS);
}

/**
 * A parenthetical aside of the lead: an outlet's standing note ("(banned in Russia and several countries)", "(AFP)")
 * or a gloss, not where or when the event happened. Bounded so an unclosed bracket cannot swallow the lead.
 */
const ASIDE = /\([^()\n]{0,160}\)/g;

/**
 * Where forces or people go (a convoy "for Kuwait", "باتجاه أربيل"): a destination is shared by many events of a
 * drawdown (units leave many bases for the same few places), so the event's where is where it starts or happens.
 * English: a capitalised name after a direction word; Arabic: the word or two after an explicit direction word (not
 * "إلى", which also marks arrival at the event's place).
 */
const DESTINATION_EN =
  /\b(?:heading for|headed for|bound for|towards?|en route to|for|to)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}/g;
const DESTINATION_AR = /(?:باتجاه|بإتجاه|متجها الى|متجها إلى|متجهة إلى|متجهة الى|نحو|صوب)\s+\S+(?:\s+\S+)?/g;

/** The lead the event signature reads: {@link leadOf} without parenthetical asides and destinations. */
export function signatureLead(title: string | null | undefined, text: string): string {
  return leadOf(title, text).replace(ASIDE, ' ').replace(DESTINATION_EN, ' ').replace(DESTINATION_AR, ' ');
}

export const EMPTY_SIGNATURE: EventSignature = { places: [], days: [], numbers: [], people: [] };

/** Numbers below this are counted in passing ("two stages", "3 convoys"), not figures that identify an event. */
const MIN_FIGURE = 10;

/**
 * The signature of an anchor bag. Which of its keys identify an event depends on the window (a base every report
 * of the day names does not), so {@link signatureConflict} filters them when comparing.
 */
export function signatureOf(anchors: Iterable<string>): EventSignature {
  const places: string[] = [];
  const days: string[] = [];
  const numbers: string[] = [];
  const people: string[] = [];
  for (const key of anchors) {
    if (key.startsWith('day:')) days.push(key);
    else if (key.startsWith('num:')) {
      if (Number(key.slice(4)) >= MIN_FIGURE) numbers.push(key);
    } else if (key.startsWith('place:') || key.startsWith('topic-place:')) places.push(key);
    else if (key.startsWith('person:') || key.startsWith('topic-person:')) people.push(key);
  }
  if (places.length + days.length + numbers.length + people.length === 0) return EMPTY_SIGNATURE;
  return { places, days, numbers, people };
}

/** A topic's own name for an entity (`topic-place:gaza`) and the gazetteer's (`place:gaza`) are one key. */
const plainKey = (key: string): string => (key.startsWith('topic-') ? key.slice(6) : key);

/**
 * Whether two signature keys of one facet agree: the same key (a topic's name and the gazetteer's for one entity
 * count as one), or two places of which one lies within the other (`samePlace`, from the gazetteer's `within`).
 * Days must be equal: two dates a day apart are as often two events (a convoy on Monday, another on Tuesday).
 */
export function keysAgree(
  a: string,
  b: string,
  samePlace: (a: string, b: string) => boolean = (x, y) => x === y,
): boolean {
  const pa = plainKey(a);
  const pb = plainKey(b);
  if (pa === pb) return true;
  return pa.startsWith('place:') && pb.startsWith('place:') && samePlace(pa, pb);
}

/** Both name something `keep` accepts (specific in the window) and agree on none of it; common keys are ignored. */
function disjoint(
  a: readonly string[],
  b: readonly string[],
  keep: (key: string) => boolean,
  samePlace?: (a: string, b: string) => boolean,
): boolean {
  const ka = a.filter(keep);
  if (ka.length === 0) return false;
  const kb = b.filter(keep);
  return kb.length > 0 && !ka.some((x) => kb.some((y) => keysAgree(x, y, samePlace)));
}

/**
 * Weights of a conflict per facet, roughly the log-likelihood ratio measured on the development corpus (share of
 * pairs of different stories that conflict on the facet over the share of same-story pairs that do): places 33 %
 * vs 4 %, days 39 % vs 13 %, people 1.5 % vs 0.5 %, numbers 35 % vs 20 % (reports of one event often give
 * different figures).
 */
export interface ConflictWeights {
  place: number;
  day: number;
  number: number;
  person: number;
}

export const DEFAULT_CONFLICT_WEIGHTS: Readonly<ConflictWeights> = {
  place: 2,
  day: 1,
  number: 0.5,
  person: 1,
};

/**
 * Summed weight of the facets on which two signatures conflict (0: nothing contradicts one event). `keep` tells the
 * keys specific enough to identify an event (rare in the window); the stream's common ones (the country, a base
 * every report names) never make a conflict.
 */
export function signatureConflict(
  a: EventSignature,
  b: EventSignature,
  keep: (key: string) => boolean = () => true,
  weights: ConflictWeights = DEFAULT_CONFLICT_WEIGHTS,
  samePlace?: (a: string, b: string) => boolean,
): number {
  let conflict = 0;
  if (disjoint(a.places, b.places, keep, samePlace)) conflict += weights.place;
  if (disjoint(a.days, b.days, keep)) conflict += weights.day;
  if (disjoint(a.numbers, b.numbers, keep)) conflict += weights.number;
  if (disjoint(a.people, b.people, keep)) conflict += weights.person;
  return conflict;
}

/** The union of several signatures (what a story as a whole says). */
export function mergeSignatures(parts: readonly EventSignature[]): EventSignature {
  const union = (pick: (s: EventSignature) => readonly string[]) => [...new Set(parts.flatMap(pick))];
  return {
    places: union((s) => s.places),
    days: union((s) => s.days),
    numbers: union((s) => s.numbers),
    people: union((s) => s.people),
  };
}
