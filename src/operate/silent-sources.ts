/**
 * Which sources have gone silent, read from the store: a source publishing well below its own learned rate
 * (`quiet`), one whose crawls keep finding no entries at all (`no-entries`: selectors or format changed), and one
 * whose articles keep extracting no text (`empty-text`). Read-only: the dashboard and `raqib sources silent` call
 * it as is; the periodic monitor (silent-source-monitor.ts) turns findings into episodes, warnings and messages.
 */
import type { Db } from '../store/db.js';
import { loadFirstCrawls, loadItemTimes } from '../store/item-times.js';
import { listSourceHealth } from '../store/sources-repo.js';
import {
  findQuietWindow,
  learnRateModel,
  type QuietOptions,
  type RateModelOptions,
} from './source-rate-model.js';

const HOUR_MS = 3_600_000;

export type SilentKind = 'quiet' | 'no-entries' | 'empty-text';

export interface SilentSource {
  sourceId: string;
  kind: SilentKind;
  /** The source's usual rate over the flagged window (items per hour). */
  expectedPerHour: number;
  /** Items seen in the window (`empty-text`: items with usable text). */
  observed: number;
  /** Items the usual rate predicts for the window (`empty-text`: items that arrived without text). */
  expected: number;
  /** Start of the flagged window (ISO). */
  since: string;
  /** Poisson probability of seeing ≤ observed items (`quiet` only). */
  probability: number | null;
  /** One line for operators. */
  reason: string;
}

/** The fields of a configured source this check reads (a `Source` fits). */
export interface SilentCheckSource {
  id: string;
  timezone?: string | undefined;
  enabled?: boolean | undefined;
  article?: { fetch?: boolean | undefined } | undefined;
}

export interface SilentCheckOptions {
  /** History learned from. @defaultValue 28 */
  lookbackDays?: number;
  /**
   * Less history than this = still learning: hours since raqib first crawled the source, and since its first item
   * in the lookback. @defaultValue 72
   */
  minHistoryHours?: number;
  /** Fewer items than this in the lookback = still learning. @defaultValue 10 */
  minItems?: number;
  /** Consecutive crawls with no entries that flag `no-entries`. @defaultValue 3 */
  emptyCrawls?: number;
  /** Consecutive items without usable text that flag `empty-text`. @defaultValue 5 */
  emptyArticles?: number;
  /** Text shorter than this counts as not extracted. @defaultValue 200 */
  shortTextChars?: number;
  /** `empty-text` only for sources whose median text is at least this long. @defaultValue 500 */
  minMedianChars?: number;
  rate?: RateModelOptions;
  quiet?: QuietOptions;
}

const defaults = {
  lookbackDays: 28,
  minHistoryHours: 72,
  minItems: 10,
  emptyCrawls: 3,
  emptyArticles: 5,
  shortTextChars: 200,
  minMedianChars: 500,
} as const;

type SourcesArg = Iterable<SilentCheckSource> | ReadonlyMap<string, SilentCheckSource>;

function sourceList(sources: SourcesArg): SilentCheckSource[] {
  if (sources instanceof Map) return [...(sources as ReadonlyMap<string, SilentCheckSource>).values()];
  return [...(sources as Iterable<SilentCheckSource>)];
}

/**
 * Every enabled, unpaused source that is silent at `now`, at most one finding per (source, kind), `no-entries`
 * and `empty-text` before `quiet`.
 */
export async function detectSilentSources(
  db: Db,
  sources: SourcesArg,
  now: Date,
  options: SilentCheckOptions = {},
): Promise<SilentSource[]> {
  const o = { ...defaults, ...options };
  const health = new Map((await listSourceHealth(db)).map((h) => [h.id, h]));
  const wanted = sourceList(sources).filter((s) => s.enabled !== false && !health.get(s.id)?.paused);
  if (wanted.length === 0) return [];
  const ids = wanted.map((s) => s.id);
  const nowMs = now.getTime();
  const from = nowMs - o.lookbackDays * 24 * HOUR_MS;
  const [times, goodCrawls, firstCrawls, crawlRuns, textRuns] = await Promise.all([
    loadItemTimes(db, ids, from, nowMs),
    loadLastGoodCrawls(db, ids, from),
    loadFirstCrawls(db, ids),
    loadEmptyCrawlRuns(db, ids, from),
    loadShortTextRuns(db, ids, from, o.shortTextChars),
  ]);

  const findings: SilentSource[] = [];
  for (const source of wanted) {
    const own = times.get(source.id) ?? [];
    const first = own.length > 0 ? own.reduce((a, b) => Math.min(a, b)) : null;
    const model =
      first === null ? null : learnRateModel(own, first, nowMs, source.timezone ?? 'UTC', options.rate);
    const perHour = model?.overallPerHour ?? 0;
    const lastError = health.get(source.id)?.lastError ?? null;

    const crawls = crawlRuns.get(source.id);
    if (crawls && crawls.run >= o.emptyCrawls && crawls.hadEntries) {
      const observed = own.filter((t) => t >= crawls.since).length;
      findings.push({
        sourceId: source.id,
        kind: 'no-entries',
        expectedPerHour: perHour,
        observed,
        expected: perHour * ((nowMs - crawls.since) / HOUR_MS),
        since: new Date(crawls.since).toISOString(),
        probability: null,
        reason: `last ${crawls.run} crawls found no entries${lastError ? ` (${lastError.slice(0, 200)})` : ''}`,
      });
    }

    const texts = textRuns.get(source.id);
    if (
      source.article?.fetch !== false &&
      texts &&
      texts.run >= o.emptyArticles &&
      texts.medianBefore >= o.minMedianChars
    ) {
      findings.push({
        sourceId: source.id,
        kind: 'empty-text',
        expectedPerHour: perHour,
        observed: 0,
        expected: texts.run,
        since: new Date(texts.since).toISOString(),
        probability: null,
        reason: `last ${texts.run} articles extracted under ${o.shortTextChars} characters of text (median before: ${Math.round(texts.medianBefore)})`,
      });
    }

    if (!model || first === null) continue;
    const watchedSince = firstCrawls.get(source.id) ?? nowMs;
    const minHistoryMs = o.minHistoryHours * HOUR_MS;
    if (nowMs - first < minHistoryMs || nowMs - watchedSince < minHistoryMs || model.items < o.minItems)
      continue;
    // Items published before the last crawl that answered should have been seen; later ones may not be yet.
    const until = Math.min(nowMs, goodCrawls.get(source.id) ?? nowMs);
    const quiet = findQuietWindow(model, own, until, options.quiet);
    if (!quiet) continue;
    const hours = (quiet.until - quiet.since) / HOUR_MS;
    findings.push({
      sourceId: source.id,
      kind: 'quiet',
      expectedPerHour: quiet.expected / hours,
      observed: quiet.observed,
      expected: quiet.expected,
      since: new Date(quiet.since).toISOString(),
      probability: quiet.probability,
      reason:
        `${quiet.observed} items in ${formatHours(hours)} where ${quiet.expected.toFixed(1)} are usual ` +
        `(P ≤ ${quiet.probability.toExponential(1)})`,
    });
  }
  return findings;
}

function formatHours(hours: number): string {
  return hours >= 48 ? `${(hours / 24).toFixed(1)} days` : `${hours.toFixed(1)} h`;
}

/** The last crawl per source that a layer served (status ok, not-modified or partial, layer set). */
async function loadLastGoodCrawls(db: Db, ids: string[], from: number): Promise<Map<string, number>> {
  const { rows } = await db.query<{ source_id: string; at: Date | string }>(
    `select source_id, max(started_at) as at from crawls
     where source_id = any($1::text[]) and started_at >= $2 and status in ('ok', 'not-modified', 'partial')
       and layer is not null
     group by source_id`,
    [ids, new Date(from).toISOString()],
  );
  return new Map(rows.map((r) => [r.source_id, new Date(r.at).getTime()]));
}

/**
 * Per source, the run of most recent crawls that found no entries (no layer served and no candidates; a 304 is
 * not a "no entries"), its start, and whether any crawl in the lookback found entries.
 */
async function loadEmptyCrawlRuns(
  db: Db,
  ids: string[],
  from: number,
): Promise<Map<string, { run: number; since: number; hadEntries: boolean }>> {
  const { rows } = await db.query<{ source_id: string; empty: boolean; started_at: Date | string }>(
    `select source_id, (candidates = 0 and status <> 'not-modified' and not not_modified) as empty, started_at from crawls
     where source_id = any($1::text[]) and started_at >= $2 and status <> 'skipped'
     order by source_id, started_at desc, id desc`,
    [ids, new Date(from).toISOString()],
  );
  const out = new Map<string, { run: number; since: number; hadEntries: boolean; open: boolean }>();
  for (const r of rows) {
    const entry = out.get(r.source_id) ?? { run: 0, since: 0, hadEntries: false, open: true };
    if (entry.open && r.empty) {
      entry.run += 1;
      entry.since = new Date(r.started_at).getTime();
    } else {
      entry.open = false;
      if (!r.empty) entry.hadEntries = true;
    }
    out.set(r.source_id, entry);
  }
  return out;
}

/**
 * Per source, the run of most recently fetched items whose text is shorter than `short` characters, its start,
 * and the median text length of the items before the run.
 */
async function loadShortTextRuns(
  db: Db,
  ids: string[],
  from: number,
  short: number,
): Promise<Map<string, { run: number; since: number; medianBefore: number }>> {
  const { rows } = await db.query<{ source_id: string; len: number | string; fetched_at: Date | string }>(
    `select source_id, length(coalesce(text, '')) as len, fetched_at from items
     where source_id = any($1::text[]) and fetched_at >= $2
     order by source_id, fetched_at desc, id desc`,
    [ids, new Date(from).toISOString()],
  );
  const bySource = new Map<string, Array<{ len: number; at: number }>>();
  for (const r of rows) {
    const list = bySource.get(r.source_id) ?? [];
    list.push({ len: Number(r.len), at: new Date(r.fetched_at).getTime() });
    bySource.set(r.source_id, list);
  }
  const out = new Map<string, { run: number; since: number; medianBefore: number }>();
  for (const [sourceId, list] of bySource) {
    let run = 0;
    while (run < list.length && list[run]!.len < short) run += 1;
    if (run === 0) continue;
    const before = list
      .slice(run)
      .map((x) => x.len)
      .sort((a, b) => a - b);
    const medianBefore = before.length === 0 ? 0 : before[Math.floor(before.length / 2)]!;
    out.set(sourceId, { run, since: list[run - 1]!.at, medianBefore });
  }
  return out;
}
