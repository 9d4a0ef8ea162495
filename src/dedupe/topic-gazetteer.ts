/**
 * Reuse a topic file's named terms (topics/<id>.yaml: `actors`, `places`, `events`, `theatres`, `markers`) as
 * gazetteer entities, so clustering and classification share one list of names. Read leniently: the topic schema
 * belongs to classify/, and dedupe may not import it; anything unexpected is skipped.
 */
import { parse as parseYaml } from 'yaml';
import type { EntityKind, Gazetteer, GazetteerEntity } from './gazetteer.js';

/**
 * Section → entity kind, and whether its names are generic for the stream (see {@link GazetteerEntity.generic}):
 * the topic's actors, places, events and markers are; its theatres (other countries' withdrawals, the contexts that
 * rule an item out) are not.
 */
const SECTION_KINDS: ReadonlyArray<[string, EntityKind, boolean]> = [
  ['actors', 'org', true],
  ['places', 'place', true],
  ['events', 'event', true],
  ['theatres', 'place', false],
  ['markers', 'term', false],
];

const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '' && !v.includes('*'))
    : [];

/** Gazetteer entities (`topic-<section-kind>:<id>`, generic except theatres) from a topic file's YAML text; empty when it has none. */
export function gazetteerFromTopic(yamlText: string): Gazetteer {
  const data: unknown = parseYaml(yamlText);
  if (typeof data !== 'object' || data === null) return { entities: [] };
  const record = data as Record<string, unknown>;
  const entities: GazetteerEntity[] = [];
  for (const [section, kind, generic] of SECTION_KINDS) {
    const list = record[section];
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      if (typeof raw !== 'object' || raw === null) continue;
      const entry = raw as Record<string, unknown>;
      if (typeof entry.id !== 'string') continue;
      const ar = strings(entry.ar);
      const en = strings(entry.en);
      if (ar.length + en.length === 0) continue;
      entities.push({
        key: `topic-${kind}:${entry.id}`,
        kind,
        ar,
        en,
        ...(generic ? { generic } : {}),
        ...(entry.specific === true ? { specific: true } : {}),
      });
    }
  }
  return { entities };
}
