/**
 * Reuse a topic file's named terms (topics/<id>.yaml: `actors`, `places`, `events`, `theatres`, `markers`) as
 * gazetteer entities, so clustering and classification share one list of names. Read leniently: the topic schema
 * belongs to classify/, and dedupe may not import it; anything unexpected is skipped.
 */
import { parse as parseYaml } from 'yaml';
import type { EntityKind, Gazetteer, GazetteerEntity } from './gazetteer.js';

const SECTION_KINDS: ReadonlyArray<[string, EntityKind]> = [
  ['actors', 'org'],
  ['places', 'place'],
  ['events', 'event'],
  ['theatres', 'place'],
  ['markers', 'term'],
];

const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '' && !v.includes('*'))
    : [];

/** Gazetteer entities (`topic:<section-kind>:<id>`) from a topic file's YAML text; empty when it has none. */
export function gazetteerFromTopic(yamlText: string): Gazetteer {
  const data: unknown = parseYaml(yamlText);
  if (typeof data !== 'object' || data === null) return { entities: [] };
  const record = data as Record<string, unknown>;
  const entities: GazetteerEntity[] = [];
  for (const [section, kind] of SECTION_KINDS) {
    const list = record[section];
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      if (typeof raw !== 'object' || raw === null) continue;
      const entry = raw as Record<string, unknown>;
      if (typeof entry.id !== 'string') continue;
      const ar = strings(entry.ar);
      const en = strings(entry.en);
      if (ar.length + en.length === 0) continue;
      entities.push({ key: `topic-${kind}:${entry.id}`, kind, ar, en });
    }
  }
  return { entities };
}
