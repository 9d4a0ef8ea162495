/**
 * Replay: re-run dedupe (content hash, story index) and classification over stored items with the current topic
 * files and thresholds, and report what would have been posted differently. Reads the database only; posts
 * nothing and writes nothing.
 *
 * Items are replayed in the order they were fetched, each judged as of its own fetch time (the "too old" rule
 * included), through the article stage's own decision (decideAlert); the story index is primed with the items of the window
 * before `since`, restored with their stored assignments, so the first replayed items meet what they met live.
 * Stored text is the item's latest revision.
 */
import type { CompiledTopic } from '../classify/compile-topic.js';
import { createContentHasher } from '../dedupe/content-hash.js';
import type { Gazetteer } from '../dedupe/gazetteer.js';
import { StoryIndex, type StoryCandidate } from '../dedupe/story-index.js';
import type { Db } from '../store/db.js';
import type { ItemRecord } from '../store/items-repo.js';
import { listItemsPage, type ItemsCursor } from '../store/items-page.js';
import { classifyBest, decideAlert, storedDropReason } from '../pipeline/article/decide-alert.js';
import { describeRule } from './replay-rule.js';

export interface ReplayOptions {
  /** Replay items fetched at or after this time. */
  since: Date;
  /** …and before this time. @defaultValue now */
  until?: Date;
  /** The topics to classify with (already filtered and with any threshold overrides applied). */
  topics: CompiledTopic[];
  /** Only items stored with this topic (or none) are compared; pass when `topics` is one topic of several. */
  onlyTopicId?: string;
  gazetteer?: Gazetteer;
  /** Story window, as the runtime's. @defaultValue 72 */
  windowHours?: number;
  /** Items published longer before their fetch than this are never alerts (as the pipeline). @defaultValue 72 h */
  maxAlertAgeMs?: number;
  /** Called now and then with (items done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface ItemOutcome {
  decision: string | null;
  score: number | null;
  topicId: string | null;
  storyId: string | null;
  duplicateOf: string | null;
  /** The rule behind the decision (see replay-rule.ts), e.g. `too-old: older than 72 h at fetch …`; stored items
   * give their stored drop reason. */
  rule: string | null;
}

export interface ItemChange {
  itemId: string;
  sourceId: string;
  title: string | null;
  url: string;
  fetchedAt: string;
  before: ItemOutcome;
  after: ItemOutcome;
  /** What differs: decision, story, duplicate, content-hash. */
  changes: Array<'decision' | 'story' | 'duplicate' | 'content-hash'>;
}

export interface DecisionCounts {
  alert: number;
  digest: number;
  drop: number;
  other: number;
  /** Distinct stories with an alerted, non-duplicate item: the alerts that were (would be) posted. */
  alertedStories: number;
}

export interface ReplayReport {
  since: string;
  until: string;
  items: number;
  topics: Array<{ id: string; alert: number; digest: number }>;
  before: DecisionCounts;
  after: DecisionCounts;
  /** Would be posted now, was not. */
  newlyAlerted: ItemChange[];
  /** Was posted, would not be now. */
  noLongerAlerted: ItemChange[];
  /** Every item whose decision changed (including the two lists above). */
  decisionChanges: ItemChange[];
  /** Items that would join another story or change duplicate status. */
  storyChanges: ItemChange[];
  /** Items whose content hash differs from the stored one (the hashing rules changed). */
  contentHashChanges: number;
}

const HOUR_MS = 3_600_000;
const PAGE = 500;

const isPosted = (o: ItemOutcome) => o.decision === 'alert' && o.duplicateOf === null;

/** Replay stored items; see the module comment. */
export async function replayItems(db: Db, options: ReplayOptions): Promise<ReplayReport> {
  const until = options.until ?? new Date();
  const windowMs = (options.windowHours ?? 72) * HOUR_MS;
  const maxAgeMs = options.maxAlertAgeMs ?? 72 * HOUR_MS;
  const index = new StoryIndex({
    windowHours: windowMs / HOUR_MS,
    ...(options.gazetteer ? { gazetteer: options.gazetteer } : {}),
  });
  const hash = await createContentHasher();

  // Prime: the window before `since`, with the assignments the items were stored with.
  const primeFrom = new Date(options.since.getTime() - windowMs);
  for await (const row of pages(db, primeFrom, options.since)) {
    if (row.storyId === null) continue;
    index.restore(candidateOf(row), {
      storyId: row.storyId,
      duplicateOf: row.duplicateOf,
      revisionOf: null,
      score: 1,
      reasons: ['stored'],
    });
  }

  const total = await countItems(db, options.since, until);
  const before = emptyCounts();
  const after = emptyCounts();
  const beforeStories = new Set<string>();
  const afterStories = new Set<string>();
  const report: ReplayReport = {
    since: options.since.toISOString(),
    until: until.toISOString(),
    items: 0,
    topics: options.topics.map((t) => ({ id: t.id, ...t.thresholds })),
    before,
    after,
    newlyAlerted: [],
    noLongerAlerted: [],
    decisionChanges: [],
    storyChanges: [],
    contentHashChanges: 0,
  };
  let done = 0;
  let lastProgress = Date.now();
  for await (const row of pages(db, options.since, until)) {
    done += 1;
    if (options.onProgress && (done % 1000 === 0 || Date.now() - lastProgress > 2000)) {
      options.onProgress(done, total);
      lastProgress = Date.now();
    }
    const fetchedMs = Date.parse(row.fetchedAt);
    index.evictBefore(new Date(fetchedMs - windowMs));
    const assignment = index.assign(candidateOf(row));
    if (options.onlyTopicId && row.topicId !== null && row.topicId !== options.onlyTopicId) continue;

    const classification = classifyBest(
      { title: row.title, text: row.text ?? '', lang: row.language, publishedAt: row.publishedAt },
      options.topics,
    );
    // Judged as of its fetch time. A first crawl's backlog was held back when it was stored; replay has no crawl
    // history, so it keeps that hold rather than reporting the backlog as newly alerted.
    const held = storedDropReason(row);
    const { decision, reason } = decideAlert({
      classification,
      publishedAt: row.publishedAt,
      at: new Date(fetchedMs),
      maxAlertAgeMs: maxAgeMs,
      firstCrawl: { held: held?.kind === 'first-crawl-hold' ? held : null },
      duplicateOf: null,
    });

    const was: ItemOutcome = {
      decision: row.decision,
      score: row.score,
      topicId: row.topicId,
      storyId: row.storyId,
      duplicateOf: row.duplicateOf,
      rule: held ? `${held.kind}: ${held.detail}` : null,
    };
    const now: ItemOutcome = {
      decision,
      score: classification.score,
      topicId: classification.topicId,
      storyId: assignment.storyId,
      duplicateOf: assignment.duplicateOf,
      rule: describeRule({
        decision,
        score: classification.score,
        reason,
        thresholds: options.topics.find((t) => t.id === classification.topicId)?.thresholds,
        maxAlertAgeMs: maxAgeMs,
      }),
    };
    report.items += 1;
    count(before, was.decision);
    count(after, now.decision);
    if (isPosted(was) && was.storyId) beforeStories.add(was.storyId);
    if (isPosted(now) && now.storyId) afterStories.add(now.storyId);

    const changes: ItemChange['changes'] = [];
    if (was.decision !== now.decision) changes.push('decision');
    if (was.storyId !== now.storyId) changes.push('story');
    if (was.duplicateOf !== now.duplicateOf) changes.push('duplicate');
    if (row.contentHash !== null && row.contentHash !== hash(row.title, row.text ?? '')) {
      changes.push('content-hash');
      report.contentHashChanges += 1;
    }
    if (changes.length === 0 && isPosted(was) === isPosted(now)) continue;
    const change: ItemChange = {
      itemId: row.id,
      sourceId: row.sourceId,
      title: row.title,
      url: row.url,
      fetchedAt: row.fetchedAt,
      before: was,
      after: now,
      changes,
    };
    if (isPosted(now) && !isPosted(was)) report.newlyAlerted.push(change);
    if (isPosted(was) && !isPosted(now)) report.noLongerAlerted.push(change);
    if (changes.includes('decision')) report.decisionChanges.push(change);
    if (changes.includes('story') || changes.includes('duplicate')) report.storyChanges.push(change);
  }
  options.onProgress?.(done, total);
  before.alertedStories = beforeStories.size;
  after.alertedStories = afterStories.size;
  return report;
}

function emptyCounts(): DecisionCounts {
  return { alert: 0, digest: 0, drop: 0, other: 0, alertedStories: 0 };
}

function count(counts: DecisionCounts, decision: string | null): void {
  if (decision === 'alert' || decision === 'digest' || decision === 'drop') counts[decision] += 1;
  else counts.other += 1;
}

function candidateOf(row: ItemRecord): StoryCandidate {
  return {
    id: row.id,
    lang: row.language,
    title: row.title,
    text: row.text ?? '',
    url: row.canonicalUrl,
    publishedAt: row.publishedAt ?? row.fetchedAt,
    seenAt: row.fetchedAt,
  };
}

async function countItems(db: Db, from: Date, to: Date): Promise<number> {
  const { rows } = await db.query<{ n: number | string }>(
    'select count(*) as n from items where fetched_at >= $1 and fetched_at < $2',
    [from.toISOString(), to.toISOString()],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Items fetched in [from, to), oldest first, read a page at a time. */
async function* pages(db: Db, from: Date, to: Date): AsyncGenerator<ItemRecord> {
  let after: ItemsCursor | null = null;
  for (;;) {
    const page = await listItemsPage(db, { from, to, after, limit: PAGE });
    for (const row of page) yield row;
    const last = page.at(-1);
    if (!last || page.length < PAGE) return;
    after = { cursor: last.cursor, id: last.id };
  }
}
