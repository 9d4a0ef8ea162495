import { describe, expect, it } from 'vitest';
import { describeRule } from '../../../src/operate/replay-rule.js';

const thresholds = { alert: 0.7, digest: 0.4 };
const HOUR = 3_600_000;

describe('describeRule', () => {
  it('names the age rule with its limit when an alert became a digest for age', () => {
    const rule = describeRule({
      decision: 'digest',
      score: 0.999,
      reason: { kind: 'too-old', detail: 'too old (published 2025-01-01T00:00:00Z)' },
      thresholds,
      maxAlertAgeMs: 48 * HOUR,
    });
    expect(rule).toMatch(/^too-old: older than 48 h at fetch/);
    expect(rule).toContain('2025-01-01');
  });

  it('names the threshold a score fell under, for digests and drops', () => {
    expect(
      describeRule({ decision: 'digest', score: 0.55, reason: null, thresholds, maxAlertAgeMs: HOUR }),
    ).toBe('threshold: score 0.550 < alert threshold 0.7');
    expect(
      describeRule({
        decision: 'drop',
        score: 0.2,
        reason: { kind: 'below-threshold', detail: 'below threshold' },
        thresholds,
        maxAlertAgeMs: HOUR,
      }),
    ).toBe('below-threshold: score 0.200 < digest threshold 0.4');
  });

  it('passes other kinds through with their detail', () => {
    expect(
      describeRule({
        decision: 'digest',
        score: 0.9,
        reason: { kind: 'first-crawl-hold', detail: 'first crawl backlog' },
        thresholds,
        maxAlertAgeMs: HOUR,
      }),
    ).toBe('first-crawl-hold: first crawl backlog');
  });
});
