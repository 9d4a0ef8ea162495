/**
 * One crawl of one source through its fallback chain: the YAML `fetch` list in order (typically feed → sitemap →
 * listing → browser), moving down when a layer fails, yields nothing, or has gone stale, and recording which layer
 * served and why the others did not.
 */
import type { Logger } from 'pino';
import type { FetchLayer, Source } from '../config/source-schema.js';
import type { CandidateItem } from '../shared/types.js';
import type { BrowserRenderer } from './browser/browser-types.js';
import { filterCandidates, type DroppedCandidate, type FilterResult } from './crawl/filter-candidates.js';
import { updateLayerState, type LayerStateStore } from './crawl/layer-state.js';
import { ENTRIES_PARSED_PER_KEPT, runLayer, type LayerResult } from './crawl/run-layer.js';
import type { ParseOptions } from './formats/candidate-fields.js';
import { FetchError } from './http/fetch-error.js';
import type { HttpClient } from './http/http-types.js';

export interface CrawlDeps {
  http: HttpClient;
  /** Needed only by sources with a `browser` layer; without it that layer fails and the chain moves on. */
  browser?: BrowserRenderer | undefined;
  /** Remembers per-layer freshness; without it no layer is ever judged stale. */
  layerState?: LayerStateStore | undefined;
  now?: () => Date;
  logger?: Logger | undefined;
  /** Visible-date reader for feed dates no machine format matches (see `ParseOptions.parseTextDate`). */
  parseTextDate?: ParseOptions['parseTextDate'];
  /** Most candidates one crawl hands on (the source's `maxItemsPerCrawl` wins); default MAX_ITEMS_PER_CRAWL. */
  maxItemsPerCrawl?: number | undefined;
}

/** Candidates one crawl hands on at most, newest first: a feed of 100,000 entries queues this many jobs. */
export const MAX_ITEMS_PER_CRAWL = 500;

export interface CrawlAttempt {
  layer: FetchLayer['type'];
  url: string;
  ok: boolean;
  /** Candidates kept after filtering. */
  count: number;
  error?: string;
  /** The layer answered but has produced no new item for longer than its `staleAfter`. */
  stale?: boolean;
  notModified?: boolean;
  /** The feed was ill-formed and its entries were recovered by the tolerant reader: the strict parser's error. */
  repaired?: string;
  /** Candidates the filter removed, with reasons (host, link pattern, future date, duplicate). */
  dropped?: DroppedCandidate[];
  /** The HTTP status of the layer's document (304 when not modified, the error status when it failed). */
  httpStatus?: number;
  /** Wall-clock milliseconds the layer took (fetch and parse). */
  durationMs?: number;
  /** Feed entries left out because they nest too deep or could not be read (the others are kept). */
  droppedEntries?: number;
  /** More candidates than `maxItemsPerCrawl`: how many there were; only the newest `count` were kept. */
  cutFrom?: number;
}

export interface CrawlOutcome {
  /** The layer that served this crawl, or null when every layer failed. */
  layer: FetchLayer['type'] | null;
  layerUrl: string | null;
  candidates: CandidateItem[];
  /** The serving layer answered 304: nothing new, not an error. */
  notModified: boolean;
  attempts: CrawlAttempt[];
  /** Problems of this crawl worth recording on the source although it succeeded (entries cut or dropped). */
  problems?: string[];
}

/** A stable key for a layer's state: its position, type and URL (a reordered YAML starts fresh). */
export function layerKey(index: number, layer: FetchLayer): string {
  return `${index}:${layer.type}:${layer.url}`;
}

/**
 * Crawl `source` once. The first layer that answers with at least one kept candidate (or a 304) and is not stale
 * serves the crawl. A stale layer's items are kept as a fallback: if no later layer does better, the first stale
 * layer serves. When every layer fails, `layer` is null and `attempts` says why; this function never throws for a
 * layer's failure (the caller records it with `recordCrawlFailure`).
 */
export async function crawlSource(source: Source, deps: CrawlDeps): Promise<CrawlOutcome> {
  return withProblems(await crawlChain(source, deps));
}

async function crawlChain(source: Source, deps: CrawlDeps): Promise<CrawlOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const attempts: CrawlAttempt[] = [];
  let fallback: CrawlOutcome | null = null;
  for (const [index, layer] of source.fetch.entries()) {
    const attempt: CrawlAttempt = { layer: layer.type, url: layer.url, ok: false, count: 0 };
    attempts.push(attempt);
    const started = performance.now();
    try {
      const result = await runLayer(layer, source, withLimit(source, deps));
      attempt.durationMs = Math.round(performance.now() - started);
      if (result.httpStatus !== undefined) attempt.httpStatus = result.httpStatus;
      if (result.repaired !== undefined) {
        attempt.repaired = result.repaired;
        deps.logger?.warn(
          { sourceId: source.id, layer: layer.type, url: layer.url, strictError: result.repaired },
          'ill-formed feed repaired: entries recovered by the tolerant reader',
        );
      }
      const key = layerKey(index, layer);
      const previous = deps.layerState ? await deps.layerState.get(source.id, key) : null;
      if (result.notModified) {
        attempt.ok = true;
        attempt.notModified = true;
        const { stale } = updateLayerState(previous, [], now, layer.staleAfter);
        if (!stale || !previous) {
          return { layer: layer.type, layerUrl: layer.url, candidates: [], notModified: true, attempts };
        }
        attempt.stale = true;
        fallback ??= { layer: layer.type, layerUrl: layer.url, candidates: [], notModified: true, attempts };
        continue;
      }
      const filtered = boundWork(result, attempt, source, deps, now);
      const { dropped } = filtered;
      const { kept } = filtered;
      attempt.count = kept.length;
      if (dropped.length > 0) attempt.dropped = dropped;
      if (kept.length === 0) {
        attempt.error =
          result.candidates.length === 0
            ? 'no items found (selectors or format may have changed)'
            : `all ${result.candidates.length} items filtered out (${summariseDrops(dropped)})`;
        deps.logger?.warn({ sourceId: source.id, layer: layer.type, url: layer.url }, attempt.error);
        continue;
      }
      attempt.ok = true;
      const update = updateLayerState(
        previous,
        kept.map((c) => c.url),
        now,
        layer.staleAfter,
      );
      if (deps.layerState) await deps.layerState.set(source.id, key, update.state);
      if (update.stale) {
        attempt.stale = true;
        deps.logger?.info(
          { sourceId: source.id, layer: layer.type, since: update.state.lastNewItemAt },
          'layer is stale, trying the next',
        );
        fallback ??= {
          layer: layer.type,
          layerUrl: layer.url,
          candidates: kept,
          notModified: false,
          attempts,
        };
        continue;
      }
      return { layer: layer.type, layerUrl: layer.url, candidates: kept, notModified: false, attempts };
    } catch (error) {
      attempt.durationMs ??= Math.round(performance.now() - started);
      if (error instanceof FetchError && error.status !== undefined) attempt.httpStatus = error.status;
      attempt.error = describeError(error);
      deps.logger?.warn(
        { sourceId: source.id, layer: layer.type, url: layer.url, err: attempt.error },
        'layer failed',
      );
    }
  }
  return fallback ?? { layer: null, layerUrl: null, candidates: [], notModified: false, attempts };
}

/** Link patterns run on at most this many candidates per kept one when a crawl has more than its limit. */
const EXAMINE_PER_KEPT = ENTRIES_PARSED_PER_KEPT;

/** `deps` with the crawl's resolved bound, so the feed parser can cut a huge feed before parsing it. */
function withLimit(source: Source, deps: CrawlDeps): CrawlDeps {
  return { ...deps, maxItemsPerCrawl: crawlLimit(source, deps) };
}

function crawlLimit(source: Source, deps: CrawlDeps): number {
  return source.maxItemsPerCrawl ?? deps.maxItemsPerCrawl ?? MAX_ITEMS_PER_CRAWL;
}

/**
 * Filter one layer's candidates within the crawl's bound: entries the parser left out are noted (and logged); when
 * there are more candidates than `maxItemsPerCrawl`, they are filtered newest first and the filter stops once that
 * many are kept (or EXAMINE_PER_KEPT times that many were looked at), so a 100,000-entry feed costs a bounded number
 * of link-pattern runs and queues only its newest entries. The cut is logged and noted on the attempt.
 */
function boundWork(
  result: LayerResult,
  attempt: CrawlAttempt,
  source: Source,
  deps: CrawlDeps,
  now: Date,
): FilterResult {
  const where = { sourceId: source.id, layer: attempt.layer, url: attempt.url };
  if (result.droppedEntries !== undefined) {
    attempt.droppedEntries = result.droppedEntries;
    deps.logger?.warn(
      { ...where, dropped: result.droppedEntries },
      'feed entries nested too deep or unreadable were left out',
    );
  }
  const limit = crawlLimit(source, deps);
  const all = result.candidates;
  // A feed cut before parsing (runLayer) had more entries than reached here.
  const found = Math.max(all.length, result.entriesFound ?? 0);
  const filtered =
    all.length <= limit
      ? filterCandidates(all, source, result.finalUrl, now)
      : filterCandidates(newestFirst(all), source, result.finalUrl, now, {
          keepAtMost: limit,
          examineAtMost: limit * EXAMINE_PER_KEPT,
        });
  if (filtered.examined < found) {
    attempt.cutFrom = found;
    deps.logger?.warn(
      { ...where, found, kept: filtered.kept.length, limit },
      'more entries than maxItemsPerCrawl: only the newest are queued',
    );
  }
  return filtered;
}

/**
 * Candidates newest first: dated ones by date, then undated ones in document order (a feed or listing without
 * dates lists its newest first). Stable for equal dates.
 */
export function newestFirst(candidates: readonly CandidateItem[]): CandidateItem[] {
  const time = (c: CandidateItem) => {
    const t = c.publishedAt ? Date.parse(c.publishedAt) : NaN;
    return Number.isNaN(t) ? -Infinity : t;
  };
  return candidates
    .map((c, i) => ({ c, i, t: time(c) }))
    .sort((a, b) => (b.t === a.t ? a.i - b.i : b.t > a.t ? 1 : -1))
    .map((x) => x.c);
}

/** The serving attempt's cut or dropped entries as problem texts on the outcome. */
function withProblems(outcome: CrawlOutcome): CrawlOutcome {
  const problems: string[] = [];
  for (const a of outcome.attempts) {
    if (a.cutFrom !== undefined)
      problems.push(`${a.layer}: ${a.cutFrom} entries, only the newest ${a.count} queued (maxItemsPerCrawl)`);
    if (a.droppedEntries !== undefined)
      problems.push(`${a.layer}: ${a.droppedEntries} entries left out (nested too deep or unreadable)`);
  }
  return problems.length > 0 ? { ...outcome, problems } : outcome;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.startsWith(code)
      ? `${code}: ${error.message}`
      : error.message;
  }
  return String(error);
}

function summariseDrops(dropped: readonly DroppedCandidate[]): string {
  const counts = new Map<string, number>();
  for (const d of dropped) counts.set(d.reason, (counts.get(d.reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${reason} ${n}`).join(', ');
}
