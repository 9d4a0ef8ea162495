import { describe, expect, it } from 'vitest';
import {
  createDeliveryWorkerSettings,
  deliveryBackoffType,
  deliveryWorkerSettings,
} from '../../../src/deliver/delivery-processor.js';

describe('delivery worker settings', () => {
  it('compute the documented backoff (2 s … 10 min, jittered to [½, 1]) for delivery jobs only', () => {
    const strategy = deliveryWorkerSettings.settings.backoffStrategy;
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(600_000, 2000 * 2 ** (attempt - 1));
      for (let i = 0; i < 20; i++) {
        const wait = strategy(attempt, deliveryBackoffType);
        expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
        expect(wait).toBeLessThanOrEqual(ceiling);
      }
    }
    expect(strategy(3, 'exponential')).toBe(0);
  });

  it('scale to another base and cap when asked', () => {
    const strategy = createDeliveryWorkerSettings({ baseMs: 50, maxMs: 1000 }).settings.backoffStrategy;
    expect(strategy(1, deliveryBackoffType)).toBeLessThanOrEqual(50);
    expect(strategy(10, deliveryBackoffType)).toBeLessThanOrEqual(1000);
    expect(strategy(10, deliveryBackoffType)).toBeGreaterThanOrEqual(500);
  });
});
