/**
 * Silent-source detection and the monitor's episodes over a constructed crawl history in PGlite: a steady source,
 * one that stopped publishing while its crawls still answer, one whose crawls find no entries, one whose articles
 * lost their text, a new source and a paused one.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SilentSourceNotice } from '../../../src/deliver/discord/format-operator-notice.js';
import { formatSilentSourceNotice } from '../../../src/deliver/discord/format-operator-notice.js';
import type { OperatorNotifier } from '../../../src/deliver/discord/operator-notifier.js';
import { runSilentSourceCheck } from '../../../src/pipeline/monitor/silent-source-job.js';
import { detectSilentSources } from '../../../src/operate/silent-sources.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { listOpenEpisodes } from '../../../src/store/silent-episodes-repo.js';
import {
  recordCrawl,
  saveSourceHealth,
  setSourcePaused,
  syncSources,
} from '../../../src/store/sources-repo.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2025-09-10T12:00:00Z');
const LONG_TEXT = 'نص المقال الكامل. '.repeat(60);

const sources = new Map(
  ['steady', 'stopped', 'no-entries', 'no-text', 'newbie', 'backfilled', 'paused'].map((id) => [
    id,
    { id, name: `Outlet ${id}`, timezone: 'Asia/Baghdad', enabled: true, article: { fetch: true } },
  ]),
);

let seq = 0;
async function addItem(db: Db, sourceId: string, at: number, text = LONG_TEXT): Promise<void> {
  seq += 1;
  const url = `https://${sourceId}.example/${seq}`;
  await db.query(
    `insert into items (id, source_id, url, canonical_url, title, text, published_at, fetched_at)
     values ($1, $2, $3, $3, 'headline', $4, $5, $6)`,
    [`it-${seq}`, sourceId, url, text, new Date(at).toISOString(), new Date(at + 5 * 60_000).toISOString()],
  );
}

/** Two items an hour, around the clock, over [from, to). */
async function addSteadyItems(db: Db, sourceId: string, from: number, to: number): Promise<void> {
  for (let t = from; t < to; t += HOUR / 2) await addItem(db, sourceId, t);
}

async function addCrawl(db: Db, sourceId: string, at: number, ok: boolean): Promise<void> {
  await recordCrawl(db, {
    sourceId,
    startedAt: new Date(at),
    layer: ok ? 'feed' : null,
    status: 'ok',
    candidates: ok ? 20 : 0,
    newItems: 0,
    error: null,
  });
}

function fakeNotifier(
  failFor: Set<string>,
): OperatorNotifier & { sent: SilentSourceNotice[]; keys: string[] } {
  const sent: SilentSourceNotice[] = [];
  const keys: string[] = [];
  return {
    sent,
    keys,
    async notifySilentSource(notice, key) {
      if (failFor.has(notice.sourceId)) {
        failFor.delete(notice.sourceId);
        return false;
      }
      sent.push(notice);
      keys.push(key);
      return true;
    },
    close: async () => undefined,
  };
}

describe('silent sources', () => {
  let db: Db;
  const lines: Array<{ level: number; msg: string; sourceId?: string; kind?: string }> = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    await syncSources(
      db,
      [...sources.values()].map((s) => ({ id: s.id, name: s.name, language: 'ar', enabled: true })),
    );
    const from = NOW - 14 * 24 * HOUR;
    await addSteadyItems(db, 'steady', from, NOW - 15 * 60_000);
    await addSteadyItems(db, 'stopped', from, NOW - 10 * HOUR);
    await addSteadyItems(db, 'no-entries', from, NOW - 6 * HOUR);
    await addSteadyItems(db, 'no-text', from, NOW - 3 * HOUR);
    for (let t = NOW - 3 * HOUR; t < NOW - 10 * 60_000; t += HOUR / 2) await addItem(db, 'no-text', t, '');
    await addSteadyItems(db, 'newbie', NOW - 30 * HOUR, NOW - 12 * HOUR);
    await addSteadyItems(db, 'paused', from, NOW - 20 * HOUR);
    // Added 12 hours ago: its first crawl stored two weeks of (published) items, then nothing new.
    await addSteadyItems(db, 'backfilled', from, NOW - 12 * HOUR);
    await addCrawl(db, 'backfilled', NOW - 12 * HOUR, true);
    await addCrawl(db, 'backfilled', NOW - HOUR, true);
    await setSourcePaused(db, 'paused', true, 'by an operator');
    // raqib has watched every source for two weeks, except the new one (since its first items, 30 hours ago).
    for (const id of ['steady', 'stopped', 'no-entries', 'no-text', 'paused'])
      await addCrawl(db, id, from - HOUR, true);
    for (const id of ['steady', 'stopped', 'no-text', 'newbie', 'paused'])
      for (let t = NOW - 24 * HOUR; t <= NOW - 5 * 60_000; t += HOUR) await addCrawl(db, id, t, true);
    for (let t = NOW - 24 * HOUR; t < NOW - 6 * HOUR; t += HOUR) await addCrawl(db, 'no-entries', t, true);
    for (let t = NOW - 5 * HOUR; t <= NOW - 5 * 60_000; t += HOUR) await addCrawl(db, 'no-entries', t, false);
    await saveSourceHealth(db, 'no-entries', {
      paused: false,
      pauseReason: null,
      consecutiveFailures: 5,
      lastSuccessAt: new Date(NOW - 7 * HOUR).toISOString(),
      lastErrorAt: new Date(NOW - 5 * 60_000).toISOString(),
      lastError: 'feed: no items found (selectors or format may have changed)',
      lastLayer: 'feed',
      lastItemCount: 20,
      nextAttemptAt: null,
    });
  });
  afterAll(async () => {
    await db.close();
  });

  it('flags the stopped source, the one finding no entries and the one without text — nothing else', async () => {
    const findings = await detectSilentSources(db, sources, new Date(NOW));
    const summary = findings.map((f) => `${f.sourceId}:${f.kind}`).sort();
    expect(summary).toEqual(['no-entries:no-entries', 'no-text:empty-text', 'stopped:quiet']);
    const stopped = findings.find((f) => f.sourceId === 'stopped')!;
    expect(stopped.observed).toBe(0);
    expect(stopped.expectedPerHour).toBeGreaterThan(1.5);
    expect(stopped.expectedPerHour).toBeLessThan(2.5);
    expect(stopped.probability).toBeLessThan(0.01);
    // The window starts at the last item, about ten hours ago.
    expect(Math.abs(Date.parse(stopped.since) - (NOW - 10 * HOUR))).toBeLessThanOrEqual(HOUR);
    const noEntries = findings.find((f) => f.sourceId === 'no-entries')!;
    expect(noEntries.reason).toMatch(/last 5 crawls found no entries/);
    expect(noEntries.reason).toMatch(/selectors or format/);
    expect(findings.find((f) => f.sourceId === 'no-text')!.reason).toMatch(/last 6 articles/);
  });

  it('accepts an array of sources as well as a map, and skips disabled ones', async () => {
    const list = [...sources.values()].map((s) => (s.id === 'stopped' ? { ...s, enabled: false } : s));
    const findings = await detectSilentSources(db, list, new Date(NOW));
    expect(findings.map((f) => f.sourceId).sort()).toEqual(['no-entries', 'no-text']);
  });

  it('warns and notifies once per episode, retries a failed notice, and closes the episode on recovery', async () => {
    const notifier = fakeNotifier(new Set(['no-text']));
    const deps = { db, logger, sources, now: () => new Date(NOW), notifier };
    const first = await runSilentSourceCheck(deps);
    expect(first.opened).toBe(3);
    expect(first.notified).toBe(2);
    const warnings = () => lines.filter((l) => l.level === 40 && l.msg.startsWith('source silent'));
    expect(
      warnings()
        .map((l) => l.sourceId)
        .sort(),
    ).toEqual(['no-entries', 'no-text', 'stopped']);

    // A second check (or a restarted process) repeats nothing, but sends the notice that failed.
    const second = await runSilentSourceCheck({ ...deps, now: () => new Date(NOW + 15 * 60_000) });
    expect(second.opened).toBe(0);
    expect(second.notified).toBe(1);
    expect(warnings()).toHaveLength(3);
    expect(notifier.sent.map((n) => `${n.sourceId}:${n.kind}`).sort()).toEqual([
      'no-entries:no-entries',
      'no-text:empty-text',
      'stopped:quiet',
    ]);
    expect(new Set(notifier.keys).size).toBe(3);
    const third = await runSilentSourceCheck({ ...deps, now: () => new Date(NOW + 30 * 60_000) });
    expect(third.notified).toBe(0);

    // The stopped source publishes again.
    for (let t = NOW + 20 * 60_000; t < NOW + 60 * 60_000; t += 10 * 60_000) await addItem(db, 'stopped', t);
    await addCrawl(db, 'stopped', NOW + 61 * 60_000, true);
    const later = await runSilentSourceCheck({ ...deps, now: () => new Date(NOW + 62 * 60_000) });
    expect(later.resolved).toBe(1);
    expect(lines.some((l) => l.msg === 'source no longer silent' && l.sourceId === 'stopped')).toBe(true);
    const open = await listOpenEpisodes(db);
    expect(open.map((e) => e.sourceId).sort()).toEqual(['no-entries', 'no-text']);
  });

  it('formats the operator notice within Discord limits and without mentions', () => {
    const payload = formatSilentSourceNotice({
      sourceId: 'stopped',
      sourceName: 'Outlet <@everyone>',
      kind: 'quiet',
      reason: 'x'.repeat(5000),
      since: new Date(NOW).toISOString(),
    });
    expect(payload.content!.length).toBeLessThanOrEqual(2000);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(payload.content).toContain('Source gone quiet');
    expect(payload.content).toContain(`<t:${NOW / 1000}:R>`);
  });
});
