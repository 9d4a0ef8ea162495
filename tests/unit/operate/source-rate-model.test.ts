import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  expectedBetween,
  findQuietWindow,
  learnRateModel,
  poissonCdf,
} from '../../../src/operate/source-rate-model.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A constructed daytime outlet: `perHour` items each hour from 08:00 to 20:00 Baghdad time (UTC+3), none at night. */
function daytimeItems(fromUtc: number, days: number, perHour: number): number[] {
  const times: number[] = [];
  for (let d = 0; d < days; d += 1) {
    for (let h = 5; h < 17; h += 1) {
      // 05:00–17:00 UTC = 08:00–20:00 Baghdad
      for (let k = 0; k < perHour; k += 1)
        times.push(fromUtc + d * DAY + h * HOUR + ((k + 0.5) * HOUR) / perHour);
    }
  }
  return times;
}

describe('poissonCdf', () => {
  it('matches closed forms', () => {
    expect(poissonCdf(0, 2)).toBeCloseTo(Math.exp(-2), 12);
    expect(poissonCdf(1, 2)).toBeCloseTo(3 * Math.exp(-2), 12);
    expect(poissonCdf(5, 0)).toBe(1);
    expect(poissonCdf(-1, 3)).toBe(0);
    expect(poissonCdf(100, 5)).toBeCloseTo(1, 12);
    // large lambda does not underflow to 0 at the mean
    expect(poissonCdf(1000, 1000)).toBeGreaterThan(0.45);
  });
});

describe('rate model', () => {
  const start = Date.parse('2025-08-04T00:00:00Z'); // a Monday
  const times = daytimeItems(start, 21, 3);
  const now = start + 21 * DAY;
  const model = learnRateModel(times, start, now, 'Asia/Baghdad');

  it('buckets by weekday and hour in the source time zone', () => {
    // Monday 05:30 UTC is Monday 08:30 in Baghdad
    expect(bucketOf(start + 5.5 * HOUR, 'Asia/Baghdad')).toBe(8);
    expect(bucketOf(start + 5.5 * HOUR, 'UTC')).toBe(5);
    expect(bucketOf(start + DAY + 22 * HOUR, 'Asia/Baghdad')).toBe(2 * 24 + 1); // Wednesday 01:00
  });

  it('learns the daily shape: high by day, near zero at night', () => {
    expect(model.items).toBe(times.length);
    expect(model.overallPerHour).toBeCloseTo((12 * 3) / 24, 5);
    const day = expectedBetween(model, now + 6 * HOUR, now + 7 * HOUR); // 09:00 Baghdad
    const night = expectedBetween(model, now + 20 * HOUR, now + 21 * HOUR); // 23:00 Baghdad
    expect(day).toBeGreaterThan(2.5);
    expect(night).toBeLessThan(0.3);
  });

  it('does not flag a quiet night but flags a quiet working day', () => {
    // Last item at 20:00 Baghdad; at 05:00 Baghdad next morning the outlet is just asleep.
    const nightUntil = start + 21 * DAY + 2 * HOUR;
    expect(findQuietWindow(model, times, nightUntil)).toBeNull();
    // Same history, but at 14:00 Baghdad the outlet has published nothing all day.
    const dayUntil = start + 21 * DAY + 11 * HOUR;
    const quiet = findQuietWindow(model, times, dayUntil);
    expect(quiet).not.toBeNull();
    expect(quiet!.observed).toBe(0);
    expect(quiet!.expected).toBeGreaterThan(10);
    expect(quiet!.probability).toBeLessThan(0.01);
  });

  it('flags a partial drop only when well below the usual rate', () => {
    const until = start + 21 * DAY + 17 * HOUR; // 20:00 Baghdad, end of a working day
    const half = [...times, ...daytimeItems(start + 21 * DAY, 1, 3).filter((_, i) => i % 2 === 0)];
    const halfModel = learnRateModel(half, start, until, 'Asia/Baghdad');
    expect(findQuietWindow(halfModel, half, until)).toBeNull(); // 50 %: not "well below"
    const tenth = [...times, ...daytimeItems(start + 21 * DAY, 1, 3).filter((_, i) => i % 12 === 0)];
    const tenthModel = learnRateModel(tenth, start, until, 'Asia/Baghdad');
    const quiet = findQuietWindow(tenthModel, tenth, until);
    expect(quiet).not.toBeNull();
    expect(quiet!.observed).toBeGreaterThan(0);
  });

  it('stops flagging once the source publishes at its usual rate again', () => {
    // Silent from 08:00 to 14:00 Baghdad, then back at 3 an hour until 17:00.
    const back = daytimeItems(start + 21 * DAY, 1, 3).filter((t) => t >= start + 21 * DAY + 11 * HOUR);
    const all = [...times, ...back];
    const until = start + 21 * DAY + 14 * HOUR;
    expect(findQuietWindow(model, times, until)).not.toBeNull();
    expect(findQuietWindow(model, all, until)).toBeNull();
  });

  it('needs a window of at least two usual gaps', () => {
    // A slow source: one item a day at 12:00 UTC. Silent for 30 hours is barely one gap.
    const slow = Array.from({ length: 20 }, (_, d) => start + d * DAY + 12 * HOUR);
    const slowModel = learnRateModel(slow, start, start + 20 * DAY, 'UTC');
    expect(findQuietWindow(slowModel, slow, start + 20 * DAY + 18 * HOUR)).toBeNull();
    // Six silent days: about six expected, P(0) ≈ e^-6 < 0.01.
    const quiet = findQuietWindow(slowModel, slow, start + 25 * DAY + 13 * HOUR, {
      windowsMs: [],
    });
    expect(quiet).not.toBeNull();
    expect(quiet!.expected).toBeGreaterThan(4.6);
  });
});
