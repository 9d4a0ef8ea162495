/**
 * Linear evidence features of the relevance score and the fitted weights that may replace the topic file's
 * hand-set ones. `npm run fit:relevance` (bench/fit-relevance.ts) writes `topics/<id>.weights.json`; when that
 * file exists beside the topic file, the classifier scores with it, otherwise with the YAML weights.
 */
import { z } from 'zod';
import type { TopicWeights } from './topic-schema.js';

/** Features the score is linear in, with the sign their weight is constrained to (+1 evidence for, -1 against). */
export const FEATURE_SIGNS = {
  strongFrame: 1,
  extraStrongFrame: 1,
  weakFrame: 1,
  titleFrame: 1,
  marker: 1,
  milestone: 1,
  entity: 1,
  /** Length-robust: the headline sentence holds a withdrawal event of the topic (with or without forces named). */
  headlineAction: 1,
  /** Length-robust: a sentence names forces and a withdrawal in Iraq and the text is at most a few sentences. */
  shortStrong: 1,
  /** Length-robust: share of sentences that hold a topic frame (strong or weak). */
  frameDensity: 1,
  foreignFrame: -1,
  foreignDominance: -1,
  context: -1,
  inbound: -1,
  pastOnly: -1,
  pastMajority: -1,
  publishedBefore: -1,
} as const;

export type FeatureName = keyof typeof FEATURE_SIGNS;
export const FEATURE_NAMES = Object.keys(FEATURE_SIGNS) as FeatureName[];
export type FeatureVector = Record<FeatureName, number>;

/** A text this many sentences long or shorter counts as short for `shortStrong`. */
export const SHORT_SENTENCES = 3;

export const fittedWeightsSchema = z
  .object({
    topicId: z.string(),
    bias: z.number(),
    weights: z.object(
      Object.fromEntries(FEATURE_NAMES.map((n) => [n, z.number()])) as Record<FeatureName, z.ZodNumber>,
    ),
    fit: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type FittedWeights = z.infer<typeof fittedWeightsSchema>;

export const emptyFeatures = (): FeatureVector =>
  Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as FeatureVector;

/** The topic file's weights as a feature-weight table (frame density is only fitted; it weighs 0 there). */
export function yamlFeatureWeights(w: TopicWeights): FittedWeights['weights'] {
  return {
    strongFrame: w.strongFrame,
    extraStrongFrame: w.extraStrongFrame,
    weakFrame: w.weakFrame,
    titleFrame: w.titleFrame,
    marker: w.marker,
    milestone: w.milestone,
    entity: w.entity,
    headlineAction: w.headlineAction,
    shortStrong: w.shortStrong,
    frameDensity: 0,
    foreignFrame: w.foreignFrame,
    foreignDominance: w.foreignDominance,
    context: w.context,
    inbound: w.inbound,
    pastOnly: w.pastOnly,
    pastMajority: w.pastMajority,
    publishedBefore: w.publishedBefore,
  };
}
