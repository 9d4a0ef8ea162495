/**
 * Combines frames, markers and time evidence into a score in [0, 1] with one reason per contribution.
 * The raw score is a weighted sum (weights from the topic file) passed through a logistic function, so each
 * reason's weight is its exact share of the raw score.
 */
import type { Reason } from '../shared/types.js';
import type { Frame } from './analyse-frames.js';
import type { CompiledTopic } from './compile-topic.js';
import { hitText, type Hit, type TokenizedText } from './match-terms.js';
import { completeShortText } from './short-text.js';
import { sumCounts, type TimeEvidence } from './time-cues.js';
import {
  emptyFeatures,
  SHORT_SENTENCES,
  yamlFeatureWeights,
  type FeatureName,
  type FeatureVector,
} from './fitted-weights.js';

export interface Evidence {
  text: TokenizedText;
  hits: readonly Hit[];
  frames: readonly Frame[];
  time: TimeEvidence;
  /** Sentence number of the title, when there is one. */
  titleSentence: number | undefined;
  validActor: (hit: Hit) => boolean;
}

export interface ScoredEvidence {
  raw: number;
  score: number;
  reasons: Reason[];
  /** The linear evidence features (the raw score before time caps is bias + Σ weight × feature). */
  features: FeatureVector;
}

const MAX_MATCH_CHARS = 140;

function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function snippet(text: TokenizedText, hits: readonly (Hit | undefined)[]): string {
  const present = hits.filter((h): h is Hit => h !== undefined);
  if (present.length === 0) return '';
  const start = Math.min(...present.map((h) => h.start));
  const end = Math.max(...present.map((h) => h.end));
  const s = hitText(text, { ...present[0]!, start, end });
  return s.length > MAX_MATCH_CHARS ? `${s.slice(0, MAX_MATCH_CHARS - 1)}…` : s;
}

function describeFrame(frame: Frame): string {
  const parts = [frame.actor?.entity.label, frame.event.entity.label, frame.place?.entity.label].filter(
    Boolean,
  );
  let label = parts.join(' + ');
  if (frame.origin && frame.destination)
    label += ` (from ${frame.origin.entity.label} to ${frame.destination.entity.label})`;
  else if (frame.origin) label += ` (leaving ${frame.origin.entity.label})`;
  else if (frame.destination) label += ` (to ${frame.destination.entity.label})`;
  return label;
}

const isForcesFrame = (f: Frame) => f.actor !== undefined && !f.actorNearby;
/**
 * A withdrawal word at a base that hosts the topic's forces (`hostsForces` places: Ain al-Asad, Harir, Victory)
 * needs no actor in its sentence to count as a full frame.
 */
const hostsForces = (f: Frame) =>
  f.actor === undefined && f.place?.entity.kind === 'place' && f.place.entity.hostsForces === true;

/** Frames grouped per sentence: a sentence counts once, by its best frame. */
function sentenceFrames(frames: readonly Frame[]) {
  const strong = new Map<number, Frame>();
  const weak = new Map<number, Frame>();
  const foreign = new Map<number, Frame>();
  const inbound = new Map<number, Frame>();
  for (const f of frames) {
    if (f.type === 'topic' && (isForcesFrame(f) || hostsForces(f)) && !strong.has(f.sentence))
      strong.set(f.sentence, f);
  }
  for (const f of frames) {
    if (strong.has(f.sentence)) continue;
    // Weak: a place but no forces named close by, or forces but no place.
    const weakKind =
      (f.type === 'topic' && (!f.actor || f.actorNearby)) || (f.type === 'unplaced' && f.actor);
    if (weakKind && !weak.has(f.sentence)) weak.set(f.sentence, f);
  }
  for (const f of frames) {
    if (f.type === 'inbound' && !inbound.has(f.sentence)) inbound.set(f.sentence, f);
    const topical = strong.has(f.sentence) || weak.has(f.sentence) || inbound.has(f.sentence);
    if ((f.type === 'foreign' || f.type === 'context') && !topical && !foreign.has(f.sentence))
      foreign.set(f.sentence, f);
  }
  return { strong, weak, foreign, inbound };
}

/** Score the evidence for `topic`. */
export function scoreEvidence(evidence: Evidence, topic: CompiledTopic): ScoredEvidence {
  const w = topic.weights;
  const reasons: Reason[] = [];
  const coef = topic.fitted?.weights ?? yamlFeatureWeights(w);
  const features = emptyFeatures();
  let raw = topic.fitted?.bias ?? w.bias;
  const add = (kind: string, label: string, feature: FeatureName, value: number, match?: string) => {
    const weight = coef[feature] * value;
    features[feature] += value;
    raw += weight;
    reasons.push({ kind, label: `${kind}: ${label}`, weight: round(weight), match: match || undefined });
  };
  /** Scale of an entity's own weight against the feature's default weight. */
  const scale = (own: number | undefined, base: number) => (own === undefined || base === 0 ? 1 : own / base);
  const { text, hits } = evidence;
  const groups = sentenceFrames(evidence.frames);
  const short = completeShortText(text, hits, evidence.frames, groups.strong.size, evidence.validActor);
  if (short) {
    groups.weak.delete(short.sentence);
    groups.strong.set(short.sentence, short.frame);
  }
  const frameLabel = (f: Frame) =>
    f !== short?.frame
      ? describeFrame(f)
      : short.fromProcessBody
        ? `${describeFrame(f)} (short text: the process body's meeting as the action, with the forces and the place it names)`
        : `${describeFrame(f)} (short text: ${short.supplied} named in its other line)`;

  [...groups.strong.values()].forEach((f, i) => {
    const match = snippet(text, f === short?.frame ? [f.event] : [f.actor, f.event, f.place]);
    if (i === 0) add('frame', frameLabel(f), 'strongFrame', 1, match);
    else if (i <= w.maxExtraStrongFrames) add('frame', frameLabel(f), 'extraStrongFrame', 1, match);
  });
  [...groups.weak.values()].slice(0, w.maxWeakFrames).forEach((f) => {
    const why = f.actorNearby ? 'forces named in a nearby sentence' : 'partial';
    add(
      'frame',
      `${describeFrame(f)} (${why})`,
      'weakFrame',
      1,
      snippet(text, [f.actorNearby ? undefined : f.actor, f.event, f.place]),
    );
  });
  const titleFrame =
    evidence.titleSentence !== undefined ? groups.strong.get(evidence.titleSentence) : undefined;
  if (titleFrame) add('title', frameLabel(titleFrame), 'titleFrame', 1);
  const topicFrames = groups.strong.size + groups.weak.size;
  // Length-robust features: what a flash says, not how much text it has. Reasons only when they weigh.
  const lengthRobust = (kind: string, label: string, feature: FeatureName, value: number) => {
    if (value === 0) return;
    if (coef[feature] !== 0) add(kind, label, feature, value);
    else features[feature] += value;
  };
  const headline = evidence.titleSentence;
  if (headline !== undefined && (groups.strong.has(headline) || groups.weak.has(headline)))
    lengthRobust('title', 'headline reports a withdrawal', 'headlineAction', 1);
  if (groups.strong.size > 0 && text.sentenceCount <= SHORT_SENTENCES)
    lengthRobust('frame', 'short text naming forces and a withdrawal', 'shortStrong', 1);
  lengthRobust(
    'frame',
    'share of sentences reporting a withdrawal',
    'frameDensity',
    round(topicFrames / Math.max(1, text.sentenceCount)),
  );

  // Markers: distinct entities, optionally only next to an actor.
  const actorHits = hits.filter((h) => h.entity.kind === 'actor' && evidence.validActor(h));
  const nearActor = (h: Hit) =>
    actorHits.some((a) => a.sentence === h.sentence && Math.abs(a.start - h.start) <= topic.window);
  const markers = new Map<string, Hit>();
  for (const h of hits) {
    if (h.entity.kind !== 'marker' || markers.has(h.entity.id)) continue;
    if (h.entity.nearActor && !nearActor(h)) continue;
    markers.set(h.entity.id, h);
  }
  [...markers.values()].slice(0, w.maxMarkers).forEach((h) => {
    add('marker', h.entity.label, 'marker', scale(h.entity.weight, w.marker), hitText(text, h));
  });

  const milestones = new Map<string, Hit>();
  for (const h of hits)
    if (h.entity.kind === 'milestone' && !milestones.has(h.entity.id)) milestones.set(h.entity.id, h);
  if (topicFrames > 0) {
    [...milestones.values()].slice(0, w.maxMilestones).forEach((h) => {
      add('time', h.entity.label, 'milestone', 1, hitText(text, h));
    });
  }

  const seen = new Set<string>();
  let specificCount = 0;
  for (const h of hits) {
    if ((h.entity.kind !== 'place' && h.entity.kind !== 'actor') || seen.has(h.entity.id)) continue;
    if (h.entity.kind === 'actor' && !evidence.validActor(h)) continue;
    seen.add(h.entity.id);
    const bonus = h.entity.specific && specificCount < w.maxEntities ? 1 : 0;
    if (h.entity.specific) specificCount += 1;
    add(h.entity.kind, h.entity.label, 'entity', bonus, hitText(text, h));
  }

  [...groups.inbound.values()].slice(0, w.maxInbound).forEach((f) => {
    const to = f.destination ? ` into ${f.destination.entity.label}` : '';
    add(
      'direction',
      `${f.event.entity.label} from ${f.origin?.entity.label ?? '?'}${to} (arriving, not leaving)`,
      'inbound',
      1,
      snippet(text, [f.origin, f.event, f.destination]),
    );
  });
  // Other theatres count against the item only when they outweigh the topic's own frames: an article on the
  // Iraq drawdown may well mention the Afghanistan pullout in passing.
  const awayFrames = groups.foreign.size + groups.inbound.size;
  const awayDominates = awayFrames > topicFrames;
  [...groups.foreign.values()].slice(0, w.maxForeignFrames).forEach((f) => {
    const where = f.context ? f.context.entity.label : (f.place?.entity.label ?? 'elsewhere');
    const label = `${f.event.entity.label} — ${where}${awayDominates ? '' : ' (in passing)'}`;
    add(
      'negative',
      label,
      'foreignFrame',
      awayDominates ? 1 : 0,
      snippet(text, [f.event, f.context ?? f.place]),
    );
  });
  if (awayDominates) {
    add(
      'negative',
      `withdrawal words here mostly concern another theatre, direction or context (${awayFrames} vs ${topicFrames} sentences)`,
      'foreignDominance',
      1,
    );
  }
  const contexts = new Map<string, Frame>();
  for (const f of evidence.frames)
    if (f.context && !contexts.has(f.context.entity.id)) contexts.set(f.context.entity.id, f);
  for (const f of contexts.values()) {
    add(
      'negative',
      `${f.context!.entity.label} context${awayDominates ? '' : ' (in passing)'}`,
      'context',
      awayDominates ? scale(f.context!.entity.weight, w.context) : 0,
      snippet(text, [f.event, f.context]),
    );
  }

  if (topicFrames + groups.inbound.size > 0 || evidence.time.publishedBefore !== undefined) {
    const background = isBackgroundPast(evidence.time, groups, evidence.titleSentence);
    raw = addTimeReasons(evidence.time, milestones.size, raw, reasons, topic, background, features);
  }

  return { raw, score: round(1 / (1 + Math.exp(-raw))), reasons, features };
}

/** Topic-frame sentences needed per sentence of past-episode evidence for that evidence to be background. */
const BACKGROUND_FRAME_RATIO = 2;
/** Share of the text (in tokens) that counts as its lead: a past year there dates the report itself. */
const LEAD_SHARE = 1 / 3;

/**
 * Past-episode evidence is background when the text reports its own withdrawal event first and recalls an earlier
 * episode by its year only later, in passing ("the forces had left the base in 2011 before returning in 2014"):
 * the evidence is past years (no era cue such as a former prime minister outside a sentence dated by a past year,
 * none at all unless the text names the current process; no deployment-size troop count), none of them in the title, the lead third of the text or before the first strong
 * topic frame, and at least {@link BACKGROUND_FRAME_RATIO} topic-frame sentences free of past evidence per sentence
 * that holds some. A retrospective names its episode up front, or keeps returning to it, and stays held back.
 */
function isBackgroundPast(
  time: TimeEvidence,
  groups: ReturnType<typeof sentenceFrames>,
  titleSentence: number | undefined,
): boolean {
  const { pastSentences } = time;
  if (pastSentences.size === 0 || groups.strong.size === 0) return false;
  if (time.pastTroopCount !== undefined) return false;
  // An era cue dates the report itself ("Kadhimi said the forces will leave") unless it stands in a recollection
  // dated by its own past year ("struck in 2020 after Soleimani's killing") of a text that dates itself to the
  // current process.
  const current = time.inScopeYears.size > 0 || time.currentCues.length > 0;
  if (time.pastCues.some((h) => !current || !time.pastYearSentences.has(h.sentence))) return false;
  if (time.firstPastYearToken < time.tokenCount * LEAD_SHARE) return false;
  if (titleSentence !== undefined && pastSentences.has(titleSentence)) return false;
  const firstStrong = Math.min(...groups.strong.keys());
  if (Math.min(...pastSentences) <= firstStrong) return false;
  let clean = 0;
  for (const sentence of new Set([...groups.strong.keys(), ...groups.weak.keys()]))
    if (!pastSentences.has(sentence)) clean += 1;
  return clean >= BACKGROUND_FRAME_RATIO * pastSentences.size;
}

const logit = (p: number) =>
  Math.log(Math.min(0.999, Math.max(0.001, p)) / (1 - Math.min(0.999, Math.max(0.001, p))));
/** Keeps a capped score clearly below a threshold, not on it. */
const CAP_MARGIN = 0.05;
/** The raw score of the middle of the digest band: where items held back from alerts end up at most. */
const digestCap = (topic: CompiledTopic) => logit((topic.thresholds.digest + topic.thresholds.alert) / 2);

/**
 * Time reasons. A text dated only to an earlier episode is capped below the alert threshold (at most a digest
 * item) unless that episode is only background (see {@link isBackgroundPast}), and one published before the process is capped below the digest threshold, whatever its frames: the
 * rubric makes those negatives however strongly they are worded. Returns the new raw score.
 */
function addTimeReasons(
  time: TimeEvidence,
  milestones: number,
  raw: number,
  reasons: Reason[],
  topic: CompiledTopic,
  background: boolean,
  features: FeatureVector,
): number {
  const w = topic.fitted?.weights ?? yamlFeatureWeights(topic.weights);
  const push = (label: string, weight: number) =>
    reasons.push({ kind: 'time', label: `time: ${label}`, weight: round(weight) });
  const past = sumCounts(time.pastYears) + time.pastCues.length + (time.pastTroopCount !== undefined ? 1 : 0);
  const current = sumCounts(time.inScopeYears) + time.currentCues.length + milestones;
  const pastLabels = [
    ...[...time.pastYears.keys()].sort().map(String),
    ...new Set(time.pastCues.map((h) => h.entity.label)),
    ...(time.pastTroopCount !== undefined ? [`${time.pastTroopCount.toLocaleString('en-US')} troops`] : []),
  ].join(', ');
  if (current > 0) {
    const years = [...time.inScopeYears.keys()].sort().map(String);
    const cues = [...new Set(time.currentCues.map((h) => h.entity.label))];
    push(`current process (${[...years, ...cues].join(', ') || 'milestones'})`, 0);
  }
  let next = raw;
  if (past > 0 && background) {
    push(`mentions an earlier episode (${pastLabels}) as background to a current report`, 0);
  } else if (past > 0 && current === 0) {
    features.pastOnly = 1;
    next = Math.min(raw + w.pastOnly, digestCap(topic));
    push(`earlier episode only (${pastLabels}) — held back from alerts`, next - raw);
  } else if (past > current) {
    features.pastMajority = 1;
    next = Math.min(raw + w.pastMajority, digestCap(topic));
    push(`mostly an earlier episode (${pastLabels}) — held back from alerts`, next - raw);
  } else if (past > 0) {
    push(`mentions an earlier episode (${pastLabels}) but is framed by the current process`, 0);
  }
  if (time.publishedBefore !== undefined) {
    features.publishedBefore = 1;
    const capped = Math.min(
      next + w.publishedBefore,
      logit(Math.max(topic.thresholds.digest, 0.01)) - CAP_MARGIN,
    );
    push(
      `published ${time.publishedBefore}, before the process (${topic.time.publishedFrom})`,
      capped - next,
    );
    next = capped;
  }
  return next;
}
