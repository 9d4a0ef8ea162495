/**
 * A bilingual gazetteer: names of places, people, organisations and event types in Arabic and English, each mapped to
 * one language-independent key, so "Ain al-Asad" and "عين الأسد" become the same anchor `place:ain-al-asad`.
 * Data lives in topics/gazetteer.yaml; topic files' `entities` can be merged in.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { normalizeArabic, tokenize } from '../shared/text/normalize-arabic.js';
import { stemToken } from './light-stem.js';

/** Kind of an entity; `event` keys name what happened (withdrawal, convoy, joint statement), the rest who/where. */
export const ENTITY_KINDS = ['place', 'person', 'org', 'event', 'term'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

const entitySchema = z.object({
  key: z.string().min(1),
  kind: z.enum(ENTITY_KINDS),
  ar: z.array(z.string().min(1)).default([]),
  en: z.array(z.string().min(1)).default([]),
  /**
   * Names the subject the stream is about rather than one event (the alert topic's own actors, places, events and
   * markers): common within the stream that matters however rare it looks in a window of other news, so it never
   * counts as a specific anchor (see `generic-vocabulary.ts`).
   */
  generic: z.boolean().optional(),
  /**
   * A generic name that still tells events apart (a base the topic lists: every report of the stream may name some
   * base, but two reports naming different ones report different events). Used by the event signature.
   */
  specific: z.boolean().optional(),
  /** A name so broad it never tells events apart (the country, the forces' country, the region). */
  broad: z.boolean().optional(),
});

const gazetteerSchema = z.object({
  version: z.number().int().optional(),
  entities: z.array(entitySchema),
  /**
   * Where a place lies (`place:baghdad-airport: place:baghdad`): the event signature treats a place and one it lies
   * within as the same where ("at Baghdad airport" and "in Baghdad" do not contradict each other).
   */
  within: z.record(z.string().min(1), z.string().min(1)).optional(),
});

/** One entity: its key, kind and surface names (any script; matched after normalisation and light stemming). */
export type GazetteerEntity = z.infer<typeof entitySchema>;

/** A parsed gazetteer (plain data: serialisable, comparable). */
export interface Gazetteer {
  entities: GazetteerEntity[];
  /** Place key → the key of the place it lies within (see the schema). */
  within?: Record<string, string>;
}

/** Parse gazetteer YAML (`entities: [{ key, kind, ar: [...], en: [...] }]`). Throws a readable Error when invalid. */
export function parseGazetteer(yamlText: string): Gazetteer {
  const data: unknown = parseYaml(yamlText);
  const result = gazetteerSchema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid gazetteer: ${issues}`);
  }
  const { entities, within } = result.data;
  return within ? { entities, within } : { entities };
}

/** Merge gazetteers; entities with the same key pool their names. Deterministic (first-seen key order). */
export function mergeGazetteers(...parts: Gazetteer[]): Gazetteer {
  const byKey = new Map<string, GazetteerEntity>();
  const within: Record<string, string> = {};
  for (const part of parts) {
    for (const [place, parent] of Object.entries(part.within ?? {})) within[place] ??= parent;
    for (const entity of part.entities) {
      const existing = byKey.get(entity.key);
      if (!existing) {
        byKey.set(entity.key, { ...entity, ar: [...entity.ar], en: [...entity.en] });
      } else {
        existing.ar.push(...entity.ar.filter((n) => !existing.ar.includes(n)));
        existing.en.push(...entity.en.filter((n) => !existing.en.includes(n)));
        if (entity.generic) existing.generic = true;
        if (entity.specific) existing.specific = true;
        if (entity.broad) existing.broad = true;
      }
    }
  }
  const entities = [...byKey.values()];
  return Object.keys(within).length > 0 ? { entities, within } : { entities };
}

/**
 * Whether two signature keys name the same where: equal, or one place lies (through `within`, transitively) in
 * the other.
 */
export function placeContainment(
  within: Readonly<Record<string, string>> | undefined,
): (a: string, b: string) => boolean {
  const ancestors = (key: string): string[] => {
    const out: string[] = [];
    let at = within?.[key];
    while (at !== undefined && !out.includes(at) && out.length < 8) {
      out.push(at);
      at = within?.[at];
    }
    return out;
  };
  return (a, b) => a === b || ancestors(a).includes(b) || ancestors(b).includes(a);
}

/** Turn a name or a text into the stem sequence both sides are matched on. */
export function toStems(text: string): string[] {
  return tokenize(normalizeArabic(text)).map(stemToken);
}

interface NamePattern {
  stems: string[];
  key: string;
  kind: EntityKind;
}

/** A gazetteer compiled for matching: first stem → patterns, longest first. */
export interface GazetteerMatcher {
  byFirstStem: Map<string, NamePattern[]>;
  kindOf: Map<string, EntityKind>;
}

/** Compile a gazetteer for {@link matchEntities}. */
export function compileGazetteer(gazetteer: Gazetteer): GazetteerMatcher {
  const byFirstStem = new Map<string, NamePattern[]>();
  const kindOf = new Map<string, EntityKind>();
  for (const entity of gazetteer.entities) {
    const key = entity.key;
    kindOf.set(key, entity.kind);
    for (const name of [...entity.ar, ...entity.en]) {
      const stems = toStems(name);
      const first = stems[0];
      if (first === undefined) continue;
      const list = byFirstStem.get(first) ?? [];
      list.push({ stems, key, kind: entity.kind });
      byFirstStem.set(first, list);
    }
  }
  for (const list of byFirstStem.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  return { byFirstStem, kindOf };
}

/** Entity keys found in a stem sequence, with counts; longest name wins at each position. */
export function matchEntities(stems: readonly string[], matcher: GazetteerMatcher): Map<string, number> {
  const found = new Map<string, number>();
  for (let i = 0; i < stems.length; i++) {
    const candidates = matcher.byFirstStem.get(stems[i] ?? '');
    if (!candidates) continue;
    for (const pattern of candidates) {
      let ok = true;
      for (let j = 1; j < pattern.stems.length; j++) {
        if (stems[i + j] !== pattern.stems[j]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      found.set(pattern.key, (found.get(pattern.key) ?? 0) + 1);
      i += pattern.stems.length - 1;
      break;
    }
  }
  return found;
}
