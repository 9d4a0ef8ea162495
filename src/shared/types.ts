/**
 * Types shared by every stage. Stages import only from `shared/` and `config/`; the pipeline composes them.
 */

/** A candidate item found on a feed, sitemap, listing page or browser-rendered page. */
export interface CandidateItem {
  sourceId: string;
  /** Absolute URL of the article as the source links it. */
  url: string;
  title: string;
  /** Plain-text summary or lead from the feed, when it has one. */
  summary?: string | undefined;
  /** ISO-8601 publication time, when the feed or listing states it. */
  publishedAt?: string | undefined;
  /** The feed's own id for the entry (guid / atom id), when it has one. */
  guid?: string | undefined;
  imageUrl?: string | undefined;
  /** Language declared for the entry or its source (BCP-47 primary tag, e.g. `ar`). */
  language?: string | undefined;
}

/** Main text and metadata extracted from an article page. Text is for display: never normalised. */
export interface ExtractedArticle {
  title: string | null;
  text: string;
  lead: string | null;
  author: string | null;
  canonicalUrl: string | null;
  imageUrl: string | null;
  lang: string | null;
  dir: 'rtl' | 'ltr' | null;
  /** ISO-8601 with offset, or null when the page states no date. */
  publishedAt: string | null;
  modifiedAt: string | null;
}

export type Decision = 'alert' | 'digest' | 'drop';

/** Why an item was not alerted (stored as `items.drop_kind`; `drop_reason` keeps the prose for people). */
export type DropReasonKind = 'duplicate' | 'too-old' | 'first-crawl-hold' | 'below-threshold';

/** One piece of evidence behind a relevance decision, shown to operators and subscribers. */
export interface Reason {
  /** e.g. `place`, `actor`, `event`, `negative`, `time`, `direction`, `threshold`. */
  kind: string;
  /** Human-readable label, e.g. `place: Ain al-Asad`. */
  label: string;
  /** Contribution to the score (negative for negative evidence). */
  weight: number;
  /** The text that matched, when there is one. */
  match?: string | undefined;
}

/** One matched topic entity: its id in the topic file, its display label and the text that matched. */
export interface EvidenceTerm {
  id: string;
  label: string;
  match: string;
}

/**
 * Typed summary of the strongest evidence, for one-line explanations (the alert's "why" line):
 * `actor` (whose forces), `action` (withdraw, hand over, end the mission…), `place` (the base or city the
 * frame is about), `direction` (where the forces go: `out-of-iraq`, `within-iraq` e.g. to Erbil/Kurdistan,
 * `into-iraq` e.g. from Syria — not a drawdown — or `unknown`), `from`/`to` when the text names them, and
 * `timeScope`: `current` (the 2024–2026 process, by years, cues or publication date), `past` (an earlier
 * episode recalled: 2011, 2018, 2020, 2021…), `mixed` (both, current dominating), or `unknown` (no time cue).
 * Fields are null when the text has no such evidence; `evidence` is null when no frame was found at all.
 */
export interface ClassificationEvidence {
  actor: EvidenceTerm | null;
  action: EvidenceTerm;
  place: EvidenceTerm | null;
  from: EvidenceTerm | null;
  to: EvidenceTerm | null;
  direction: 'out-of-iraq' | 'within-iraq' | 'into-iraq' | 'unknown';
  timeScope: 'current' | 'past' | 'mixed' | 'unknown';
}

export interface Classification {
  topicId: string;
  score: number;
  decision: Decision;
  reasons: Reason[];
  /** Typed evidence behind the decision (see {@link ClassificationEvidence}); absent on older stored rows. */
  evidence?: ClassificationEvidence | null;
}
