import { describe, expect, it } from 'vitest';
import { holdForCredit } from '../../../src/pipeline/deliver/aggregator-hold.js';
import { creditedLead, type CreditCandidate } from '../../../src/pipeline/deliver/credited-lead.js';

const item = (id: string, sourceId: string, extra: Partial<CreditCandidate> = {}): CreditCandidate => ({
  id,
  sourceId,
  decision: 'alert',
  duplicateOf: null,
  ...extra,
});
const aggregators = new Set(['news-hub', 'reposter']);
const isAggregator = (sourceId: string) => aggregators.has(sourceId);

describe('creditedLead', () => {
  it('credits the original of a repost crawled first, whatever the crawl order', () => {
    const repost = item('a', 'outlet-b', { duplicateOf: 'b' });
    const original = item('b', 'outlet-a', { decision: 'drop', dropKind: 'first-crawl-hold' });
    expect(creditedLead([repost, original], repost, isAggregator).id).toBe('b');
    expect(creditedLead([original, repost], repost, isAggregator).id).toBe('b');
  });

  it('never credits an aggregator when an original outlet reported the story', () => {
    const copy = item('a', 'news-hub');
    const arabic = item('b', 'shafaq', { decision: 'digest' });
    expect(creditedLead([copy, arabic], copy, isAggregator).id).toBe('b');
  });

  it('keeps the lead when the only alternative is off-topic, another aggregator, or absent', () => {
    const copy = item('a', 'news-hub');
    expect(creditedLead([copy, item('b', 'outlet', { decision: 'drop' })], copy, isAggregator).id).toBe('a');
    expect(creditedLead([copy, item('b', 'reposter')], copy, isAggregator).id).toBe('a');
    expect(creditedLead([copy], copy, isAggregator).id).toBe('a');
    const repostOfAggregator = item('c', 'outlet', { duplicateOf: 'a' });
    expect(creditedLead([copy, repostOfAggregator], repostOfAggregator, isAggregator).id).toBe('c');
  });

  it('leaves an ordinary lead from a non-aggregator alone', () => {
    const first = item('a', 'outlet-a');
    expect(creditedLead([first, item('b', 'outlet-b')], first, isAggregator).id).toBe('a');
  });
});

describe('holdForCredit', () => {
  const HOLD = 120_000;
  it("holds a story whose only creditable report is an aggregator's copy", () => {
    const copy = item('a', 'news-hub');
    expect(holdForCredit([copy], copy, isAggregator, HOLD)).toBe(HOLD);
    // Another aggregator or an off-topic report from an original outlet does not end the hold.
    const other = item('b', 'reposter');
    const offTopic = item('c', 'outlet-a', { decision: 'drop', dropKind: 'off-topic' });
    expect(holdForCredit([copy, other, offTopic], copy, isAggregator, HOLD)).toBe(HOLD);
  });

  it('does not hold once an original outlet reported it, nor an ordinary lead, nor with the hold off', () => {
    const copy = item('a', 'news-hub');
    const original = item('b', 'outlet-a');
    expect(holdForCredit([copy, original], copy, isAggregator, HOLD)).toBe(0);
    expect(holdForCredit([original], original, isAggregator, HOLD)).toBe(0);
    expect(holdForCredit([copy], copy, isAggregator, 0)).toBe(0);
    expect(holdForCredit([], undefined, isAggregator, HOLD)).toBe(0);
  });
});
