/** The floors politeness puts on a source's planned interval. */
import { describe, expect, it } from 'vitest';
import type { Source } from '../../../src/config/source-schema.js';
import { pollFloors } from '../../../src/pipeline/monitor/adapt-polling-job.js';

const source = (extra: Partial<Source> = {}): Source =>
  ({
    id: 'outlet',
    interval: 60_000,
    politeness: { maxInFlight: 1, minDelay: 3000 },
    fetch: [{ type: 'feed', url: 'https://outlet.example/feed' }],
    ...extra,
  }) as unknown as Source;
const largest = (floors: ReturnType<typeof pollFloors>) => floors.reduce((a, b) => (b.ms > a.ms ? b : a));

describe('pollFloors', () => {
  it('shares the host minimum delay among the sources on that host', () => {
    expect(largest(pollFloors(source(), 1, undefined))).toEqual({ ms: 3000, why: 'host politeness' });
    expect(largest(pollFloors(source(), 8, undefined)).ms).toBe(24_000);
  });

  it("takes the operator's minimum and robots Crawl-delay as they are", () => {
    const floors = pollFloors(source({ polling: { adaptive: true, minInterval: 40_000 } }), 1, {
      crawlDelayMs: 90_000,
    });
    expect(floors).toContainEqual({ ms: 40_000, why: 'operator minimum' });
    expect(largest(floors)).toEqual({ ms: 90_000, why: 'robots.txt Crawl-delay' });
  });

  it('lets feed freshness and ttl slow polling only down to the configured interval', () => {
    expect(largest(pollFloors(source(), 1, { freshForMs: 30_000 }))).toEqual({
      ms: 30_000,
      why: 'feed Cache-Control',
    });
    expect(largest(pollFloors(source(), 1, { freshForMs: 3_600_000 })).ms).toBe(60_000);
    expect(largest(pollFloors(source(), 1, { ttlMs: 600_000 }))).toEqual({ ms: 60_000, why: 'feed ttl' });
  });
});
