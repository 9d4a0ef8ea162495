/**
 * Which item of a story an alert credits: the original outlet, never a repost or an aggregator's copy when the
 * original is in the story too (crawl order must not decide who gets the credit). Pure.
 */

/** What {@link creditedLead} reads of a story's items. */
export interface CreditCandidate {
  id: string;
  sourceId: string;
  decision: string | null;
  duplicateOf: string | null;
  dropKind?: string | null | undefined;
}

/** An item the story may credit: classified, and not dropped as off-topic (a first-crawl hold is on-topic). */
function creditable(item: CreditCandidate): boolean {
  if (item.decision === null) return false;
  return item.decision !== 'drop' || item.dropKind === 'first-crawl-hold';
}

/**
 * The item to credit instead of `lead` (`items` in fetch order): when `lead` is a repost of another outlet's
 * item, that original; when `lead` comes from an aggregator source, the story's first creditable item from a
 * non-aggregator source; otherwise `lead` itself. An original that is itself an aggregator's item is not taken.
 */
export function creditedLead<T extends CreditCandidate>(
  items: readonly T[],
  lead: T,
  isAggregator: (sourceId: string) => boolean,
): T {
  if (lead.duplicateOf) {
    const original = items.find((i) => i.id === lead.duplicateOf);
    if (
      original &&
      original.sourceId !== lead.sourceId &&
      !isAggregator(original.sourceId) &&
      creditable(original)
    ) {
      return original;
    }
  }
  if (isAggregator(lead.sourceId)) {
    const original = items.find((i) => i.id !== lead.id && !isAggregator(i.sourceId) && creditable(i));
    if (original) return original;
  }
  return lead;
}
