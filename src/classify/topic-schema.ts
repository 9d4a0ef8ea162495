/**
 * The schema of one topic file (`topics/<id>.yaml`). A topic is data: term groups (actors, places, events,
 * other theatres, negative contexts, markers), time scope and weights. Documented in docs/readme/relevance.md.
 */
import { z } from 'zod';

/** One named entity or concept with its Arabic and English surface forms (spelling variants listed). */
export const entitySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -'),
    /** Shown in reasons, e.g. `Ain al-Asad (عين الأسد)`. */
    label: z.string().min(1),
    ar: z.array(z.string().min(1)).default([]),
    en: z.array(z.string().min(1)).default([]),
    /** Events only: the verb's object is where the forces leave from ("left Ain al-Asad"). Default false. */
    leaves: z.boolean().default(false),
    /** Short alias (e.g. "the coalition") that counts only when entity `requires` also appears in the text. */
    requires: z.string().optional(),
    /** Places only: a base or site specific to the topic; adds the `entity` weight. Default false. */
    specific: z.boolean().default(false),
    /**
     * Places only: a base that hosts the topic's forces, so a withdrawal word there needs no actor named in its
     * sentence ("26 truckloads evacuated from Ain al-Asad"). Default false.
     */
    hostsForces: z.boolean().default(false),
    /** Markers and contexts: contribution to the raw score (markers positive, contexts negative). */
    weight: z.number().optional(),
    /** Markers only: count only when an actor occurs within the window. Default false. */
    nearActor: z.boolean().default(false),
    /**
     * Events only: evidence about the topic's own theatre and nothing else ("the forces stay"). Where its place is
     * another theatre it makes no frame at all, rather than a frame of another country's withdrawal. Default false.
     */
    homeOnly: z.boolean().default(false),
    /**
     * Markers only: the body that runs the process itself (the Higher Military Commission). In a short text its
     * meeting or statement is the event, so with the forces and a place it completes a topic frame. Default false.
     */
    processBody: z.boolean().default(false),
  })
  .refine((e) => e.ar.length + e.en.length > 0, 'needs at least one term in `ar` or `en`');

export type EntityDefinition = z.infer<typeof entitySchema>;

const yearList = z.array(z.number().int().min(1900).max(2100));

export const timeSchema = z.object({
  /** Years of the process the topic is about. */
  inScopeYears: yearList.default([]),
  /** Years of earlier episodes that make a text a negative unless framed around the in-scope years. */
  pastYears: yearList.default([]),
  /** Dated milestones of the process (e.g. "September 2025"); positive only next to a topic frame. */
  milestones: z.array(entitySchema).default([]),
  /** Words that date a text to an earlier episode (leaders, operations of that time). */
  pastCues: z.array(entitySchema).default([]),
  /** Words that date a text to the in-scope process. */
  currentCues: z.array(entitySchema).default([]),
  /** A troop count at or above this marks an earlier, larger deployment (e.g. 10000). */
  pastTroopCountAtLeast: z.number().int().positive().optional(),
  /** Items published before this ISO date cannot be about the process. */
  publishedFrom: z.iso.date().optional(),
});

export const weightsSchema = z.object({
  bias: z.number().default(-2.2),
  strongFrame: z.number().default(2.7),
  extraStrongFrame: z.number().default(0.7),
  maxExtraStrongFrames: z.number().int().min(0).default(3),
  weakFrame: z.number().default(0.6),
  maxWeakFrames: z.number().int().min(0).default(2),
  titleFrame: z.number().default(1.0),
  marker: z.number().default(0.7),
  maxMarkers: z.number().int().min(0).default(3),
  milestone: z.number().default(0.5),
  maxMilestones: z.number().int().min(0).default(2),
  entity: z.number().default(0.25),
  maxEntities: z.number().int().min(0).default(3),
  foreignFrame: z.number().default(-0.8),
  maxForeignFrames: z.number().int().min(0).default(3),
  inbound: z.number().default(-1.6),
  maxInbound: z.number().int().min(0).default(2),
  foreignDominance: z.number().default(-1.2),
  context: z.number().default(-1.5),
  pastOnly: z.number().default(-3.0),
  pastMajority: z.number().default(-1.2),
  publishedBefore: z.number().default(-3.0),
  /**
   * Length-robust evidence: the headline itself reports a withdrawal (a full or partial frame), and a short text
   * (≤ 3 sentences) names forces and a withdrawal. What a flash says, so a headline and one sentence are scored on
   * it rather than on evidence only longer texts accumulate.
   */
  headlineAction: z.number().default(0),
  shortStrong: z.number().default(0),
});

export type TopicWeights = z.infer<typeof weightsSchema>;

export const topicFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -'),
    name: z.string().min(1),
    description: z.string().default(''),
    thresholds: z
      .object({ alert: z.number().min(0).max(1), digest: z.number().min(0).max(1) })
      .refine((t) => t.digest <= t.alert, 'digest must not be above alert'),
    /** Tokens either side of an event word searched for actors and places. Default 20. */
    window: z.number().int().min(2).max(200).default(20),
    /** Only this many characters of title + text are analysed (longer input is cut). Default 100000. */
    maxChars: z.number().int().positive().default(100_000),
    /** The foreign forces whose departure the topic is about. */
    actors: z.array(entitySchema).min(1),
    /** Places inside the topic's theatre. */
    places: z.array(entitySchema).min(1),
    /** Withdrawal, drawdown, handover, relocation, end-of-mission words. */
    events: z.array(entitySchema).min(1),
    /** Places and forces of other theatres (a withdrawal there is not the topic). */
    theatres: z.array(entitySchema).default([]),
    /** Contexts that make a withdrawal word mean something else (sport, elections, UN missions). */
    contexts: z.array(entitySchema).default([]),
    /**
     * Things withdrawn, cut or reduced that are not forces (support, a candidacy, interest rates): an event word
     * whose object this is ("withdraw support", "خفض الفائدة") is not an event of the topic.
     */
    objects: z.array(entitySchema).default([]),
    /** Process-specific terms (committees, agreements) that support a frame. */
    markers: z.array(entitySchema).default([]),
    time: timeSchema.default({
      inScopeYears: [],
      pastYears: [],
      milestones: [],
      pastCues: [],
      currentCues: [],
    }),
    weights: weightsSchema.default(weightsSchema.parse({})),
    /** Instructions for the optional second opinion (LLM); defaults to the description. */
    llmPrompt: z.string().optional(),
  })
  .strict();

export type TopicFile = z.infer<typeof topicFileSchema>;
