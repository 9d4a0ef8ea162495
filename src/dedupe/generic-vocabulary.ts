/**
 * The stream's generic vocabulary: names that say what the stream is about, not which event a report is about.
 * The alert topic's actors, places, events and markers ("US forces", "coalition", "Iraq", "انسحاب") occur in
 * nearly every report that matters, however rare they look in a window full of other news (a first start, when
 * feeds still hold weeks of unrelated entries). The story index therefore never lets them count as rare: their
 * document frequency is floored (see `PostingIndex`), and generic anchors never count as specific ones, so two
 * reports must share event-specific evidence (other places, people, numbers, dates, rare words) to link.
 */
import type { Gazetteer } from './gazetteer.js';
import { toStems } from './gazetteer.js';
import { termKeysOf } from './item-features.js';

export interface GenericVocabulary {
  /** Anchor keys (gazetteer keys) that are generic. */
  anchors: ReadonlySet<string>;
  /** Term keys (stems and stem pairs, as in `ItemFeatures.terms`) that are generic. */
  terms: ReadonlySet<string>;
  /**
   * Anchors that never tell two events apart, which the event signature ignores: entities marked `broad` (the
   * country, the forces' country, the region) and those sharing a name with one, and generic non-place entities.
   */
  broad: ReadonlySet<string>;
}

export const EMPTY_VOCABULARY: GenericVocabulary = {
  anchors: new Set(),
  terms: new Set(),
  broad: new Set(),
};

/**
 * Generic entities are those marked `generic` (the topic file's actors, places and events) and every event-type
 * entity (withdrawal, convoy, attack: what happened, not where or who). An entity sharing a name with one (the base
 * gazetteer's `place:iraq` beside the topic's `Iraq`) is generic too.
 * Their names' stems and stem pairs are the generic terms.
 */
export function genericVocabulary(gazetteer: Gazetteer): GenericVocabulary {
  const genericEntities = gazetteer.entities.filter((e) => e.generic === true || e.kind === 'event');
  const names = new Set<string>();
  const terms = new Set<string>();
  for (const entity of genericEntities) {
    for (const name of [...entity.ar, ...entity.en]) {
      const stems = toStems(name);
      if (stems.length === 0) continue;
      names.add(stems.join(' '));
      for (const key of termKeysOf(stems)) terms.add(key);
    }
  }
  const anchors = new Set(genericEntities.map((e) => e.key));
  for (const entity of gazetteer.entities) {
    if ([...entity.ar, ...entity.en].some((name) => names.has(toStems(name).join(' '))))
      anchors.add(entity.key);
  }
  // Broad: generic actors, events and terms, and the places marked `broad` (with every entity sharing a name).
  const broadNames = new Set<string>();
  for (const entity of gazetteer.entities)
    if (entity.broad)
      for (const name of [...entity.ar, ...entity.en]) broadNames.add(toStems(name).join(' '));
  const broad = new Set<string>();
  for (const entity of gazetteer.entities) {
    const names = [...entity.ar, ...entity.en];
    if (entity.broad || names.some((name) => broadNames.has(toStems(name).join(' ')))) broad.add(entity.key);
    else if (anchors.has(entity.key) && entity.kind !== 'place' && !entity.specific) broad.add(entity.key);
  }
  return { anchors, terms, broad };
}
