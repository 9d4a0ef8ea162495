/**
 * Lead actors: the organisations and people a report's headline and lead name (from the same lead the event signature
 * reads, see `event-signature.ts`). Two reports of one event published the same day name the same actors first (who
 * warned, who withdrew) even when their wording differs, so their word overlap, which rests on IDF over whatever
 * else the window holds, can sit just under the text threshold in one window and over it in another. The lead-actor
 * route links two same-language reports dated less than `closeHours` apart whose leads share at least `leadActors`
 * actors that are not generic (the stream's broad actors: the coalition, "US forces"), one of them rare in the
 * window, and whose texts still overlap (`textWithAnchors`); the event-signature veto applies as on every route.
 */
import type { LinkThresholds, PairScore } from './story-scoring.js';

/** Actor keys (organisations and people) among a lead's anchor keys, a topic's own name folded into the gazetteer's. */
export function actorsOf(keys: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const key of keys) {
    const plain = key.startsWith('topic-') ? key.slice(6) : key;
    if (plain.startsWith('org:') || plain.startsWith('person:')) out.add(plain);
  }
  return [...out].sort();
}

/** The actors two leads share (sorted lists in, shared keys out). */
export function sharedActors(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return a.filter((key) => set.has(key));
}

/**
 * The lead-actor route's strength for a pair: 1 when it links (before the close-in-time boost), else 0. `broad`: the
 * stream's generic anchors; `rare`: whether a key is specific in the window (document frequency within the share).
 */
export function leadActorStrength(
  shared: readonly string[],
  text: number,
  hoursApart: number | null,
  sameLanguage: boolean,
  thresholds: Pick<LinkThresholds, 'leadActors' | 'textWithAnchors' | 'closeHours'>,
  broad: (key: string) => boolean,
  rare: (key: string) => boolean,
): number {
  if (!sameLanguage || hoursApart === null || hoursApart >= thresholds.closeHours) return 0;
  if (text < thresholds.textWithAnchors) return 0;
  const specific = shared.filter((key) => !broad(key));
  return specific.length >= thresholds.leadActors && specific.some(rare) ? 1 : 0;
}

/**
 * The route for one decision: a function that, for a pair of leads' actors and the pair's score, raises the score's
 * strength to the route's (with the close-in-time boost) when the route links more strongly, and returns the shared
 * actors then (else null). `df`: an anchor's document frequency in the window; `maxDf`: the most a rare one has.
 */
export function leadActorRoute(
  thresholds: LinkThresholds,
  broadKeys: ReadonlySet<string>,
  df: (key: string) => number,
  maxDf: number,
): (
  a: readonly string[],
  b: readonly string[],
  pair: PairScore,
  hoursApart: number | null,
) => string[] | null {
  const broad = (key: string): boolean => broadKeys.has(key) || broadKeys.has(`topic-${key}`);
  const rare = (key: string): boolean => Math.max(df(key), df(`topic-${key}`)) <= maxDf;
  return (a, b, pair, hoursApart) => {
    const shared = sharedActors(a, b);
    const strength =
      leadActorStrength(shared, pair.text, hoursApart, pair.sameLanguage, thresholds, broad, rare) *
      thresholds.closeInTimeBoost;
    if (strength <= pair.strength) return null;
    pair.strength = strength;
    return shared;
  };
}
