/**
 * Rule-based relevance classification of one item for one topic: deterministic, no I/O, a fraction of a
 * millisecond for a typical article. Never throws on text content (empty, huge, other scripts).
 */
import { guessLanguage } from '../shared/text/normalize-arabic.js';
import type { Classification, Decision, Reason } from '../shared/types.js';
import { buildFrames } from './analyse-frames.js';
import type { CompiledTopic } from './compile-topic.js';
import { findHits, tokenizeText, type Hit } from './match-terms.js';
import { scoreEvidence } from './score-evidence.js';
import { collectTimeEvidence } from './time-cues.js';
import { typedEvidence } from './typed-evidence.js';
import type { FeatureVector } from './fitted-weights.js';

export interface ClassifiableItem {
  title?: string | null;
  text: string;
  lang?: string | null;
  publishedAt?: string | null;
}

/** A first line this short, followed by more text, is treated as the headline when no title is given. */
const HEADLINE_MAX_CHARS = 200;

/** Tokens after an event word within which a non-force object makes it another kind of withdrawal. */
const OBJECT_GAP = 2;

/**
 * The hits without event words whose object is not forces ("withdraw support", "cut interest rates", "سحب
 * الترشيح"): the object term starts within {@link OBJECT_GAP} tokens after the event word, in its sentence.
 * The object hits themselves are dropped too; they only serve this test.
 */
export function withoutOtherObjects(hits: readonly Hit[]): Hit[] {
  const objects = hits.filter((h) => h.entity.kind === 'object');
  if (objects.length === 0) return [...hits];
  const governed = (e: Hit) =>
    objects.some((o) => o.sentence === e.sentence && o.start >= e.end && o.start - e.end <= OBJECT_GAP);
  return hits.filter((h) => h.entity.kind !== 'object' && !(h.entity.kind === 'event' && governed(h)));
}

/** Map a score to a decision with the topic's thresholds (alert ≥ alert threshold, digest ≥ digest). */
export function decide(score: number, topic: CompiledTopic): Decision {
  if (score >= topic.thresholds.alert) return 'alert';
  if (score >= topic.thresholds.digest) return 'digest';
  return 'drop';
}

function splitHeadline(item: ClassifiableItem): { title: string; body: string } {
  const title = typeof item.title === 'string' ? item.title.trim() : '';
  const body = typeof item.text === 'string' ? item.text : '';
  if (title !== '') return { title, body };
  const lines = body.split(/\r?\n/);
  const firstIndex = lines.findIndex((l) => l.trim() !== '');
  const first = lines[firstIndex]?.trim() ?? '';
  if (first !== '' && first.length <= HEADLINE_MAX_CHARS && lines.length > firstIndex + 1) {
    return { title: first, body: lines.slice(firstIndex + 1).join('\n') };
  }
  return { title: '', body };
}

/** Classify `item` for `topic`: score in [0, 1], decision from the topic's thresholds, and reasons. */
export function classifyItem(item: ClassifiableItem, topic: CompiledTopic): Classification {
  return classifyWithFeatures(item, topic).classification;
}

/** {@link classifyItem} plus the linear evidence features the score was computed from (for fitting weights). */
export function classifyWithFeatures(
  item: ClassifiableItem,
  topic: CompiledTopic,
): { classification: Classification; features: FeatureVector } {
  const notes: Reason[] = [];
  const { title, body } = splitHeadline(item);
  let combined = title === '' ? body : `${title}\n\n${body}`;
  if (combined.length > topic.maxChars) {
    combined = combined.slice(0, topic.maxChars);
    notes.push({
      kind: 'input',
      label: `input: only the first ${topic.maxChars} characters were analysed`,
      weight: 0,
    });
  }
  const lang = (item.lang ?? '').toLowerCase().split('-')[0] || guessLanguage(combined);
  if (lang !== 'ar' && lang !== 'en') {
    notes.push({
      kind: 'input',
      label: `input: language ${lang ?? 'unknown'} — the topic has Arabic and English terms only`,
      weight: 0,
    });
  }

  const text = tokenizeText(combined);
  if (text.tokens.length === 0)
    notes.push({ kind: 'input', label: 'input: no words to classify', weight: 0 });
  const hits = withoutOtherObjects(findHits(text, topic));
  const present = new Set(hits.map((h) => h.entity.id));
  const validActor = (h: Hit) => h.entity.requires === undefined || present.has(h.entity.requires);
  const frames = buildFrames(text, hits, topic.window, validActor);
  const time = collectTimeEvidence(text, hits, topic, item.publishedAt);
  const titleSentence = title !== '' && text.tokens.length > 0 ? 0 : undefined;
  const scored = scoreEvidence({ text, hits, frames, time, titleSentence, validActor }, topic);
  const decision = decide(scored.score, topic);
  const threshold =
    decision === 'alert'
      ? `${scored.score} ≥ alert ${topic.thresholds.alert}`
      : decision === 'digest'
        ? `${scored.score} ≥ digest ${topic.thresholds.digest}, < alert ${topic.thresholds.alert}`
        : `${scored.score} < digest ${topic.thresholds.digest}`;
  const reasons: Reason[] = [
    { kind: 'threshold', label: `threshold: ${threshold} → ${decision}`, weight: 0 },
    ...notes,
    ...scored.reasons.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)),
  ];
  const classification: Classification = {
    topicId: topic.id,
    score: scored.score,
    decision,
    reasons,
    evidence: typedEvidence(text, frames, time),
  };
  return { classification, features: scored.features };
}
