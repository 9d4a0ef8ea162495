/**
 * Turns a validated topic file into a lookup index: every term is normalised and tokenised once, and indexed
 * under its first token so matching a text is one map lookup per token variant.
 */
import { normalizeArabic } from '../shared/text/normalize-arabic.js';
import { ConfigError } from '../shared/errors.js';
import { canonicalTermToken } from './token-variants.js';
import type { EntityDefinition, TopicFile, TopicWeights } from './topic-schema.js';
import type { FittedWeights } from './fitted-weights.js';

export type EntityKind =
  | 'actor'
  | 'place'
  | 'event'
  | 'theatre'
  | 'context'
  | 'object'
  | 'marker'
  | 'milestone'
  | 'pastCue'
  | 'currentCue';

export interface CompiledEntity extends EntityDefinition {
  kind: EntityKind;
}

/** A token slot of a term: a word, or a gap of 0..`GAP_MAX` arbitrary tokens (written `*`). */
export type TermToken = string | typeof GAP;
export const GAP = Symbol('gap');
export const GAP_MAX = 3;

export interface CompiledTerm {
  entity: CompiledEntity;
  tokens: TermToken[];
  /** The term as written in the topic file. */
  source: string;
  /** Event terms also match verb-prefix variants (see token-variants.ts). */
  verbal: boolean;
}

export interface CompiledTopic {
  id: string;
  name: string;
  description: string;
  thresholds: { alert: number; digest: number };
  window: number;
  maxChars: number;
  weights: TopicWeights;
  /** Weights fitted by `npm run fit:relevance` (topics/<id>.weights.json); replace `weights` when present. */
  fitted?: FittedWeights;
  time: {
    inScopeYears: ReadonlySet<number>;
    pastYears: ReadonlySet<number>;
    pastTroopCountAtLeast: number | undefined;
    publishedFrom: string | undefined;
  };
  entities: ReadonlyMap<string, CompiledEntity>;
  /** Terms indexed by their first token's canonical form. */
  index: ReadonlyMap<string, CompiledTerm[]>;
  llmPrompt: string;
  /** File the topic came from, for messages. */
  file: string;
}

const TERM_TOKEN = /[\p{L}\p{N}]+|\*/gu;

function compileTerm(entity: CompiledEntity, source: string, file: string): CompiledTerm {
  const normalized = normalizeArabic(source).replace(/(\d)[,٬](\d{3})/g, '$1$2');
  const raw = normalized.match(TERM_TOKEN) ?? [];
  const tokens: TermToken[] = raw.map((t) => (t === '*' ? GAP : canonicalTermToken(t)));
  if (tokens.length === 0 || tokens[0] === GAP || tokens[tokens.length - 1] === GAP) {
    throw new ConfigError(
      `${file}: ${entity.kind} "${entity.id}": term "${source}" has no words or starts/ends with *`,
    );
  }
  return { entity, tokens, source, verbal: entity.kind === 'event' };
}

/** Compile a validated topic file; throws ConfigError naming the file and entity for unusable terms. */
export function compileTopic(topic: TopicFile, file: string): CompiledTopic {
  const entities = new Map<string, CompiledEntity>();
  const groups: [EntityKind, EntityDefinition[]][] = [
    ['actor', topic.actors],
    ['place', topic.places],
    ['event', topic.events],
    ['theatre', topic.theatres],
    ['context', topic.contexts],
    ['object', topic.objects],
    ['marker', topic.markers],
    ['milestone', topic.time.milestones],
    ['pastCue', topic.time.pastCues],
    ['currentCue', topic.time.currentCues],
  ];
  const index = new Map<string, CompiledTerm[]>();
  for (const [kind, list] of groups) {
    for (const definition of list) {
      if (entities.has(definition.id)) {
        throw new ConfigError(`${file}: entity id "${definition.id}" is used twice`);
      }
      const entity: CompiledEntity = { ...definition, kind };
      entities.set(entity.id, entity);
      for (const source of [...entity.ar, ...entity.en]) {
        const term = compileTerm(entity, source, file);
        const first = term.tokens[0] as string;
        const bucket = index.get(first);
        if (bucket) bucket.push(term);
        else index.set(first, [term]);
      }
    }
  }
  for (const entity of entities.values()) {
    if (entity.requires !== undefined && !entities.has(entity.requires)) {
      throw new ConfigError(
        `${file}: ${entity.kind} "${entity.id}": requires unknown entity "${entity.requires}"`,
      );
    }
  }
  return {
    id: topic.id,
    name: topic.name,
    description: topic.description,
    thresholds: topic.thresholds,
    window: topic.window,
    maxChars: topic.maxChars,
    weights: topic.weights,
    time: {
      inScopeYears: new Set(topic.time.inScopeYears),
      pastYears: new Set(topic.time.pastYears),
      pastTroopCountAtLeast: topic.time.pastTroopCountAtLeast,
      publishedFrom: topic.time.publishedFrom,
    },
    entities,
    index,
    llmPrompt: topic.llmPrompt ?? `${topic.name}. ${topic.description}`.trim(),
    file,
  };
}
