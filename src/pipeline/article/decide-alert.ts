/**
 * The one alert decision. The article stage, replay, `raqib classify` and the dashboard all decide through it:
 * the best-scoring topic's classification, then the rules that hold an alert back (a duplicate, too old for the
 * alert window, a first crawl's backlog), each with a typed reason. Stored as `items.drop_kind` (typed) and
 * `items.drop_reason` (the prose, for people); nothing parses the prose back.
 */
import { classifyItem } from '../../classify/classify-item.js';
import type { CompiledTopic } from '../../classify/compile-topic.js';
import type { AgeLimit } from '../../config/duration.js';
import type { Classification, Decision, DropReasonKind } from '../../shared/types.js';
import { firstCrawlHoldReason } from './first-crawl.js';

/** Why an item is not alerted: a kind to count and filter by, and a detail for people. */
export interface DropReason {
  kind: DropReasonKind;
  /** The stored prose, e.g. `too old (published 2025-01-01T00:00:00Z)`. */
  detail: string;
}

export interface AlertDecision {
  decision: Decision;
  /** Null when the item alerts, or is a digest item that nothing held back. */
  reason: DropReason | null;
}

/** The item as the decision reads it. */
export interface DecisionInput {
  classification: Classification;
  publishedAt: string | null;
  /** When the decision is taken (the article stage: now; replay: the item's fetch time). */
  at: Date;
  /** Items published longer ago than this never alert (0 = no limit). */
  maxAlertAgeMs: number;
  /**
   * First-crawl state: `{ firstCrawl, limit }` decides the hold (the article stage); `{ held }` keeps a hold
   * already decided when the item was stored (replay has no crawl history).
   */
  firstCrawl: { firstCrawl: boolean; limit: AgeLimit } | { held: DropReason | null };
  /** The item that this one duplicates (story context), or null. */
  duplicateOf: string | null;
}

/** The decision for one item; see the module comment. The order of the rules is the precedence of the reasons. */
export function decideAlert(input: DecisionInput): AlertDecision {
  const classified = input.classification.decision;
  const tooOld = isTooOld(input.publishedAt, input.maxAlertAgeMs, input.at);
  const hold =
    'held' in input.firstCrawl
      ? input.firstCrawl.held
      : firstCrawlHold(input.firstCrawl, input.publishedAt, input.at);
  const decision: Decision = (tooOld || hold) && classified === 'alert' ? 'digest' : classified;
  if (input.duplicateOf)
    return { decision, reason: { kind: 'duplicate', detail: `duplicate of ${input.duplicateOf}` } };
  if (tooOld && classified !== 'drop')
    return { decision, reason: { kind: 'too-old', detail: `too old (published ${input.publishedAt})` } };
  if (hold && classified === 'alert') return { decision, reason: hold };
  if (classified === 'drop')
    return { decision, reason: { kind: 'below-threshold', detail: 'below threshold' } };
  return { decision, reason: null };
}

function firstCrawlHold(
  state: { firstCrawl: boolean; limit: AgeLimit },
  publishedAt: string | null,
  at: Date,
): DropReason | null {
  const detail = firstCrawlHoldReason({ ...state, publishedAt }, at);
  return detail === null ? null : { kind: 'first-crawl-hold', detail };
}

/** Published longer than `maxAlertAgeMs` before `at` (undated items are never too old; 0 = no limit). */
export function isTooOld(publishedAt: string | null, maxAlertAgeMs: number, at: Date): boolean {
  if (!publishedAt || maxAlertAgeMs <= 0) return false;
  const published = Date.parse(publishedAt);
  return Number.isFinite(published) && at.getTime() - published > maxAlertAgeMs;
}

/** The best-scoring topic's classification (highest score wins); `drop` when no topic is configured. */
export function classifyBest(
  item: Parameters<typeof classifyItem>[0],
  topics: readonly CompiledTopic[],
): Classification {
  let best: Classification | null = null;
  for (const topic of topics) {
    const result = classifyItem(item, topic);
    if (!best || result.score > best.score) best = result;
  }
  return (
    best ?? {
      topicId: 'none',
      score: 0,
      decision: 'drop',
      reasons: [{ kind: 'config', label: 'no topic configured', weight: 0 }],
    }
  );
}

/** A stored drop reason as the typed reason (replay keeps a first crawl's hold). */
export function storedDropReason(item: {
  dropKind?: DropReasonKind | null | undefined;
  dropReason: string | null;
}): DropReason | null {
  return item.dropKind ? { kind: item.dropKind, detail: item.dropReason ?? '' } : null;
}
