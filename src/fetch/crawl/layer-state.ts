/**
 * What the fallback chain remembers about each layer between crawls, to tell a layer that still works from one that
 * answers but has gone stale (a feed frozen on last week's items while the site moves on).
 */

/** Per source and layer. */
export interface LayerState {
  /** When this layer last produced an item it had not produced before (ISO), or null if never. */
  lastNewItemAt: string | null;
  /** URLs seen on this layer's most recent successful crawls (bounded, newest first). */
  recentUrls: string[];
}

/** Storage for layer state; the pipeline persists it (Redis or the DB), tests use the in-memory one. */
export interface LayerStateStore {
  get(sourceId: string, layerKey: string): Promise<LayerState | null>;
  set(sourceId: string, layerKey: string, state: LayerState): Promise<void>;
}

/** How many URLs a layer remembers: a bit more than the largest feed page, so nothing old looks new again. */
export const RECENT_URLS_LIMIT = 1000;

/** A process-local store; state is lost on restart, after which every layer gets a fresh `staleAfter` window. */
export function createMemoryLayerStateStore(): LayerStateStore {
  const map = new Map<string, LayerState>();
  return {
    get: (sourceId, layerKey) => Promise.resolve(map.get(`${sourceId}\u0000${layerKey}`) ?? null),
    set: (sourceId, layerKey, state) => {
      map.set(`${sourceId}\u0000${layerKey}`, state);
      return Promise.resolve();
    },
  };
}

/**
 * Fold one successful crawl of a layer into its state. Returns the new state and whether the layer is stale:
 * no new URL for longer than `staleAfterMs` (a layer seen for the first time is never stale).
 */
export function updateLayerState(
  previous: LayerState | null,
  urls: readonly string[],
  now: Date,
  staleAfterMs: number | undefined,
): { state: LayerState; stale: boolean; newCount: number } {
  const known = new Set(previous?.recentUrls ?? []);
  const fresh = urls.filter((u) => !known.has(u));
  const lastNewItemAt = fresh.length > 0 || !previous ? now.toISOString() : previous.lastNewItemAt;
  const recentUrls = [...new Set([...urls, ...(previous?.recentUrls ?? [])])].slice(0, RECENT_URLS_LIMIT);
  const since = lastNewItemAt ? now.getTime() - Date.parse(lastNewItemAt) : Number.POSITIVE_INFINITY;
  const stale = staleAfterMs !== undefined && fresh.length === 0 && since > staleAfterMs;
  return { state: { lastNewItemAt, recentUrls }, stale, newCount: fresh.length };
}
