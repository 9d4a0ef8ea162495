/**
 * The publication rate adaptive polling plans with: the source's learned rate for the coming hour (its weekday ×
 * hour model), updated by what it published in the last hour, so a burst raises the rate within one re-plan
 * rather than waiting for the model to learn it. A Gamma–Poisson update: the model's rate is the prior with
 * `priorHours` of pseudo-exposure, the last `recentHours` are the observation. Pure.
 */
import { expectedBetween, type SourceRateModel } from './source-rate-model.js';

const HOUR_MS = 3_600_000;

export interface RateEstimateOptions {
  /** Less history than this many items = still learning (`null`). @defaultValue 10 */
  minItems?: number;
  /** Less history than this many hours = still learning. @defaultValue 72 */
  minHistoryHours?: number;
  /** Weight of the model, in hours of pseudo-exposure. @defaultValue 1 */
  priorHours?: number;
  /** The recent window counted. @defaultValue 1 */
  recentHours?: number;
}

/** Expected items per hour around `now`, or `null` while the source is learning. */
export function adaptiveExpectedPerHour(
  model: SourceRateModel,
  times: readonly number[],
  now: number,
  options: RateEstimateOptions = {},
): number | null {
  if (model.items < (options.minItems ?? 10) || model.exposureHours < (options.minHistoryHours ?? 72))
    return null;
  const priorHours = options.priorHours ?? 1;
  const recentHours = options.recentHours ?? 1;
  const modelRate = expectedBetween(model, now, now + HOUR_MS);
  const since = now - recentHours * HOUR_MS;
  let recent = 0;
  for (const t of times) if (t >= since && t <= now) recent += 1;
  return (modelRate * priorHours + recent) / (priorHours + recentHours);
}
