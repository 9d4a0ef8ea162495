/** The rate adaptive polling plans with: null while learning, the learned hour's rate, raised by a burst. */
import { describe, expect, it } from 'vitest';
import { adaptiveExpectedPerHour } from '../../../src/operate/poll-rate-estimate.js';
import { learnRateModel } from '../../../src/operate/source-rate-model.js';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 10, 2);

/** One item every `gapMinutes` over `days` from `start`. */
const steady = (days: number, gapMinutes: number) =>
  Array.from(
    { length: Math.floor((days * 24 * 60) / gapMinutes) },
    (_, i) => start + i * gapMinutes * 60_000,
  );

describe('adaptiveExpectedPerHour', () => {
  it('is null while the source has too little history (few items or few hours)', () => {
    const now = start + 10 * 24 * HOUR;
    const few = [start + HOUR, start + 2 * HOUR];
    expect(adaptiveExpectedPerHour(learnRateModel(few, start, now, 'UTC'), few, now)).toBeNull();
    const young = steady(1, 5).map((t) => t + 9 * 24 * HOUR);
    expect(
      adaptiveExpectedPerHour(learnRateModel(young, now - 24 * HOUR, now, 'UTC'), young, now),
    ).toBeNull();
  });

  it('matches a steady rate and rises within the hour when a burst starts', () => {
    const times = steady(14, 30); // 2 an hour
    const now = start + 14 * 24 * HOUR;
    const model = learnRateModel(times, start, now, 'UTC');
    const calm = adaptiveExpectedPerHour(model, times, now)!;
    expect(calm).toBeGreaterThan(1.5);
    expect(calm).toBeLessThan(2.5);
    const burst = [...times, ...Array.from({ length: 12 }, (_, i) => now - i * 4 * 60_000)];
    expect(adaptiveExpectedPerHour(model, burst, now)!).toBeGreaterThan(2.5 * calm);
  });

  it('is low at night for a source that publishes only by day', () => {
    const day = steady(14, 20).filter((t) => {
      const h = new Date(t).getUTCHours();
      return h >= 8 && h < 20;
    });
    const now = start + 14 * 24 * HOUR; // midnight UTC
    const model = learnRateModel(day, start, now, 'UTC');
    const night = adaptiveExpectedPerHour(model, day, now + 2 * HOUR)!;
    const noon = adaptiveExpectedPerHour(model, day, now + 12 * HOUR)!;
    expect(night).toBeLessThan(noon / 4);
  });
});
