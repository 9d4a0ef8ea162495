/**
 * The rule behind a replayed decision, in words an operator can act on: the typed reason kind from decideAlert
 * first (`too-old: older than 72 h at fetch`), else the threshold the score fell on.
 */
import type { DropReason } from '../pipeline/article/decide-alert.js';

const HOUR_MS = 3_600_000;

export interface RuleContext {
  decision: string | null;
  score: number | null;
  reason: DropReason | null;
  /** The deciding topic's thresholds, when known. */
  thresholds: { alert: number; digest: number } | undefined;
  maxAlertAgeMs: number;
}

const hours = (ms: number) => `${Number((ms / HOUR_MS).toFixed(1))} h`;

/** `kind: detail` for the rule that decided, or null for an alert nothing held back. */
export function describeRule(c: RuleContext): string | null {
  if (c.reason) {
    switch (c.reason.kind) {
      case 'too-old':
        return `too-old: older than ${hours(c.maxAlertAgeMs)} at fetch (MAX_ALERT_AGE); ${c.reason.detail}`;
      case 'below-threshold':
        return c.thresholds && c.score !== null
          ? `below-threshold: score ${c.score.toFixed(3)} < digest threshold ${c.thresholds.digest}`
          : 'below-threshold';
      default:
        return `${c.reason.kind}: ${c.reason.detail}`;
    }
  }
  if (c.decision === 'digest' && c.thresholds && c.score !== null)
    return `threshold: score ${c.score.toFixed(3)} < alert threshold ${c.thresholds.alert}`;
  if (c.decision === 'alert' && c.thresholds && c.score !== null)
    return `threshold: score ${c.score.toFixed(3)} ≥ alert threshold ${c.thresholds.alert}`;
  return null;
}
