/**
 * Replay over a fixture history stored in PGlite. The history is constructed: the five seed articles
 * (tests/fixtures/seeds, recorded texts), a repost of one of them by a second outlet, constructed English reports of
 * varying strength, an off-topic item, and one old article fetched days after publication. Each was stored with the
 * decision, story and duplicate link the article stage would give it with today's topic file, so a replay with the
 * same settings must report no change, and a changed threshold exactly the items that cross it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyItem } from '../../../src/classify/classify-item.js';
import { loadTopics } from '../../../src/classify/load-topics.js';
import type { CompiledTopic } from '../../../src/classify/compile-topic.js';
import { formatReplayReport, selectReplayTopics } from '../../../src/console/cli/commands/replay.js';
import { contentHash } from '../../../src/dedupe/content-hash.js';
import { loadGazetteerDir } from '../../../src/dedupe/load-gazetteer-dir.js';
import { StoryIndex } from '../../../src/dedupe/story-index.js';
import { replayItems } from '../../../src/operate/replay.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { insertItem } from '../../../src/store/items-repo.js';
import { upsertStoryWithItem } from '../../../src/store/stories-repo.js';

const topicsDir = resolve('topics');
const seedsDir = resolve('tests/fixtures/seeds');
const HOUR = 3_600_000;
const T0 = Date.parse('2025-08-20T06:00:00Z');

interface Stored {
  score: number;
  decision: string;
  storyId: string;
  duplicateOf: string | null;
}

interface FixtureItem {
  id: string;
  sourceId: string;
  title: string | null;
  text: string;
  lang: string;
  publishedAt: string;
  fetchedAt: string;
}

function fixtureItems(): FixtureItem[] {
  const items: FixtureItem[] = [];
  const seeds = readdirSync(seedsDir).sort();
  seeds.forEach((file, i) => {
    const lines = readFileSync(join(seedsDir, file), 'utf8').split('\n');
    const text = lines.slice(1).join('\n').trim();
    const at = new Date(T0 + i * 5 * HOUR).toISOString();
    items.push({
      id: `it-seed-${i}`,
      sourceId: `ar-${i}`,
      title: null,
      text,
      lang: 'ar',
      publishedAt: at,
      fetchedAt: at,
    });
  });
  const last = items.at(-1)!;
  items.push({
    ...last,
    id: 'it-repost',
    sourceId: 'ar-reposter',
    publishedAt: new Date(Date.parse(last.fetchedAt) + HOUR).toISOString(),
    fetchedAt: new Date(Date.parse(last.fetchedAt) + HOUR).toISOString(),
  });
  const english = [
    'Coalition forces will leave Baghdad by September 2025 and move to Erbil, according to the US-Iraq agreement announced on Friday.',
    'US forces to withdraw from Iraq bases next year, official says.',
    'American troops began leaving Ain al-Asad air base this week, Iraqi security sources said.',
    'Iraq and the United States agreed on a timeline for the withdrawal of coalition forces, with a first phase ending in September 2025.',
    'The US embassy in Baghdad warned of security threats.',
  ];
  english.forEach((text, i) => {
    const at = new Date(T0 + 30 * HOUR + i * 7 * HOUR).toISOString();
    items.push({
      id: `it-en-${i}`,
      sourceId: 'en-wire',
      title: null,
      text,
      lang: 'en',
      publishedAt: at,
      fetchedAt: at,
    });
  });
  // Published five days before it was fetched: stored, never alerted ("too old").
  items.push({
    id: 'it-old',
    sourceId: 'en-archive',
    title: null,
    text: 'US troops complete withdrawal from Ain al-Asad air base in Iraq. The coalition handed the base to Iraqi forces on Sunday, officials said.',
    lang: 'en',
    publishedAt: new Date(T0 + 10 * HOUR - 5 * 24 * HOUR).toISOString(),
    fetchedAt: new Date(T0 + 70 * HOUR).toISOString(),
  });
  return items.sort((a, b) => Date.parse(a.fetchedAt) - Date.parse(b.fetchedAt));
}

/** Store the history as the article stage would have: classification, too-old rule, story and duplicate link. */
async function storeHistory(db: Db, topic: CompiledTopic): Promise<Map<string, Stored>> {
  const index = new StoryIndex({ windowHours: 72, gazetteer: loadGazetteerDir(topicsDir) });
  const stored = new Map<string, Stored>();
  for (const item of fixtureItems()) {
    const c = classifyItem(
      { title: item.title, text: item.text, lang: item.lang, publishedAt: item.publishedAt },
      topic,
    );
    const tooOld = Date.parse(item.fetchedAt) - Date.parse(item.publishedAt) > 72 * HOUR;
    const decision = tooOld && c.decision === 'alert' ? 'digest' : c.decision;
    const url = `https://${item.sourceId}.example/${item.id}`;
    const a = index.assign({
      id: item.id,
      lang: item.lang,
      title: item.title,
      text: item.text,
      url,
      publishedAt: item.publishedAt,
      seenAt: item.fetchedAt,
    });
    await upsertStoryWithItem(db, {
      id: a.storyId,
      topicId: topic.id,
      title: item.text.slice(0, 40),
      lang: item.lang,
      score: c.score,
      decision: a.duplicateOf ? null : decision,
    });
    await insertItem(db, {
      id: item.id,
      sourceId: item.sourceId,
      url,
      canonicalUrl: url,
      guid: null,
      title: item.title,
      text: item.text,
      lead: null,
      author: null,
      imageUrl: null,
      language: item.lang,
      dir: item.lang === 'ar' ? 'rtl' : 'ltr',
      publishedAt: item.publishedAt,
      modifiedAt: null,
      contentHash: await contentHash(item.title, item.text),
      topicId: c.topicId,
      score: c.score,
      decision,
      reasons: c.reasons,
      dropReason: null,
      storyId: a.storyId,
      duplicateOf: a.duplicateOf,
      fetchedAt: item.fetchedAt,
    });
    stored.set(item.id, { score: c.score, decision, storyId: a.storyId, duplicateOf: a.duplicateOf });
  }
  return stored;
}

describe('replay', () => {
  let db: Db;
  let topic: CompiledTopic;
  let stored: Map<string, Stored>;
  const since = new Date(T0 - HOUR);
  const until = new Date(T0 + 100 * HOUR);

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    topic = loadTopics(topicsDir).find((t) => t.id === 'iraq-drawdown')!;
    stored = await storeHistory(db, topic);
  });
  afterAll(async () => {
    await db.close();
  });

  const replay = (topics: CompiledTopic[]) =>
    replayItems(db, { since, until, topics, gazetteer: loadGazetteerDir(topicsDir) });

  it('reports no difference with the settings the history was stored with', async () => {
    const report = await replay([topic]);
    expect(report.items).toBe(stored.size);
    expect(report.decisionChanges).toEqual([]);
    expect(report.newlyAlerted).toEqual([]);
    expect(report.noLongerAlerted).toEqual([]);
    expect(report.storyChanges).toEqual([]);
    expect(report.after).toEqual(report.before);
    expect(report.before.alertedStories).toBeGreaterThanOrEqual(2);
  });

  it('a higher alert threshold reports exactly the alerts below it as no longer posted', async () => {
    const alerted = [...stored]
      .filter(([id, s]) => s.decision === 'alert' && id !== 'it-repost')
      .map(([id, s]) => ({ id, score: s.score }))
      .sort((a, b) => a.score - b.score);
    expect(alerted.length).toBeGreaterThan(3);
    // Between the second and third weakest alerts: the two weakest drop to digest.
    const threshold = (alerted[1]!.score + alerted[2]!.score) / 2;
    const expectedIds = alerted
      .filter((a) => a.score < threshold)
      .map((a) => a.id)
      .sort();
    const report = await replay(selectReplayTopics([topic], { alertThreshold: threshold }));
    expect(report.noLongerAlerted.map((c) => c.itemId).sort()).toEqual(expectedIds);
    for (const change of report.noLongerAlerted) {
      expect(change.before.decision).toBe('alert');
      expect(change.after.decision).toBe('digest');
      expect(change.changes).toEqual(['decision']);
    }
    expect(report.newlyAlerted).toEqual([]);
    const storiesStillAlerted = new Set(
      [...stored.values()]
        .filter((v) => v.decision === 'alert' && v.duplicateOf === null && v.score >= threshold)
        .map((v) => v.storyId),
    );
    expect(report.after.alertedStories).toBe(storiesStillAlerted.size);
    const text = formatReplayReport(report);
    expect(text).toContain(`would no longer be posted (${expectedIds.length})`);
    for (const id of expectedIds) expect(text).toContain(id);
  });

  it('a lower alert threshold posts digest items but never the too-old one or the repost', async () => {
    const digests = [...stored].filter(([, s]) => s.decision === 'digest');
    expect(digests.map(([id]) => id)).toContain('it-old');
    const report = await replay(selectReplayTopics([topic], { alertThreshold: 0.2, digestThreshold: 0.05 }));
    const newly = report.newlyAlerted.map((c) => c.itemId);
    expect(newly).not.toContain('it-old');
    expect(newly).not.toContain('it-repost');
    const expected = [...stored]
      .filter(([id, s]) => s.decision !== 'alert' && s.score >= 0.2 && id !== 'it-old')
      .map(([id]) => id)
      .sort();
    expect(newly.sort()).toEqual(expected);
    // Dropped items above the new digest threshold change decision without being posted.
    const droppedAbove = [...stored].filter(
      ([, s]) => s.decision === 'drop' && s.score >= 0.05 && s.score < 0.2,
    );
    const others = report.decisionChanges.filter((c) => !newly.includes(c.itemId)).map((c) => c.itemId);
    expect(others.sort()).toEqual(droppedAbove.map(([id]) => id).sort());
  });

  it('refuses a digest threshold above the alert threshold', () => {
    expect(() => selectReplayTopics([topic], { alertThreshold: 0.3, digestThreshold: 0.5 })).toThrow(
      /above alert/,
    );
    expect(() => selectReplayTopics([topic], { topic: 'nope' })).toThrow(/no topic/);
  });
});
