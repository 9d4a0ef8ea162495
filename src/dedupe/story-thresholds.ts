/**
 * Link thresholds fitted on data (`npm run fit:stories` writes `topics/<topic>.stories.json`): read from a topics
 * directory so the app, the `cluster` command and the benchmarks cluster with the cross-validated fit. Hostile
 * input: an unreadable or malformed file, unknown keys and values that are not finite positive numbers are ignored
 * (the defaults stay), so a bad file can never make every item one story.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LINK_THRESHOLDS } from './story-scoring.js';
import type { LinkThresholds } from './story-scoring.js';

const KNOWN = new Set(Object.keys(DEFAULT_LINK_THRESHOLDS));

/** The `thresholds` object of a fitted stories file, keeping only known keys with finite positive values. */
export function parseStoryThresholds(json: string): Partial<LinkThresholds> {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return {};
  }
  if (typeof data !== 'object' || data === null) return {};
  const thresholds = (data as { thresholds?: unknown }).thresholds;
  if (typeof thresholds !== 'object' || thresholds === null) return {};
  const out: Partial<Record<keyof LinkThresholds, number>> = {};
  for (const [key, value] of Object.entries(thresholds)) {
    if (!KNOWN.has(key) || typeof value !== 'number' || !Number.isFinite(value) || value <= 0) continue;
    out[key as keyof LinkThresholds] = value;
  }
  return out;
}

/** Whether a fitted stories file asks for relative-day anchors (`relativeDays: true|false`; else undefined). */
export function parseStoryRelativeDays(json: string): boolean | undefined {
  try {
    const value = (JSON.parse(json) as { relativeDays?: unknown } | null)?.relativeDays;
    return typeof value === 'boolean' ? value : undefined;
  } catch {
    return undefined;
  }
}

function firstStoriesFile(dir: string): string | null {
  if (!existsSync(dir)) return null;
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.stories.json'))
    .sort()[0];
  if (!file) return null;
  try {
    return readFileSync(join(dir, file), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Thresholds from the first `*.stories.json` (by name) in `dir`; `{}` (the defaults) when there is none. One
 * story index serves every topic, so one fit is used.
 */
export function loadStoryThresholds(dir: string): Partial<LinkThresholds> {
  const json = firstStoriesFile(dir);
  return json === null ? {} : parseStoryThresholds(json);
}

/** The whole fit of the first stories file: thresholds and, when it says, whether relative days are read. */
export function loadStoryFit(dir: string): { thresholds: Partial<LinkThresholds>; relativeDays?: boolean } {
  const json = firstStoriesFile(dir);
  if (json === null) return { thresholds: {} };
  const relativeDays = parseStoryRelativeDays(json);
  return relativeDays === undefined
    ? { thresholds: parseStoryThresholds(json) }
    : { thresholds: parseStoryThresholds(json), relativeDays };
}
