import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FetchError } from '../../../src/fetch/http/fetch-error.js';
import { createHostSlots } from '../../../src/fetch/http/host-slots.js';
import { createClientFixture, localPolicy, type ClientFixture } from './client-fixture.js';
import { startLocalServer, type LocalServer } from './local-server.js';

function minGap(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, (sorted[i] ?? 0) - (sorted[i - 1] ?? 0));
  return gap;
}

describe('per-host politeness across workers', () => {
  let fixture: ClientFixture;
  let server: LocalServer;
  let status = 200;
  let retryAfter: string | undefined;

  beforeEach(async () => {
    fixture = createClientFixture();
    status = 200;
    retryAfter = undefined;
    server = await startLocalServer(async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      const headers: Record<string, string> = { 'content-type': 'text/plain' };
      if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
      res.writeHead(status, headers).end('x');
    });
  });

  afterEach(async () => {
    await server.close();
    await fixture.cleanup();
  });

  it('two clients on separate Redis connections keep one request in flight and the minimum gap', async () => {
    const a = fixture.newClient();
    const b = fixture.newClient();
    const policy = localPolicy({ maxInFlight: 1, minDelayMs: 150 });
    const jobs = Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? a : b).fetchText(server.url(`/p${i}`), policy),
    );
    const results = await Promise.all(jobs);
    expect(results.every((r) => r.kind === 'ok')).toBe(true);
    expect(server.requests).toHaveLength(10);
    expect(server.maxConcurrent()).toBe(1);
    // Starts are paced by the Redis clock; a few ms of loopback jitter separate that from the server's clock.
    expect(minGap(server.requests.map((r) => r.startedAt))).toBeGreaterThanOrEqual(140);
  });

  it('allows up to maxInFlight concurrent requests and no more', async () => {
    const a = fixture.newClient();
    const b = fixture.newClient();
    const policy = localPolicy({ maxInFlight: 2, minDelayMs: 0 });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).fetchText(server.url(`/q${i}`), policy)),
    );
    expect(server.maxConcurrent()).toBe(2);
  });

  it('a 429 with Retry-After makes every worker back off', async () => {
    const a = fixture.newClient();
    const b = fixture.newClient({ timeoutMs: 1000 });
    status = 429;
    retryAfter = '30';
    const first = await a.fetchText(server.url('/r'), localPolicy()).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(FetchError);
    expect(first).toMatchObject({
      fetchCode: 'http-status',
      status: 429,
      retryAfterMs: 30_000,
      retryable: true,
    });
    status = 200;
    const second = await b.fetchText(server.url('/r'), localPolicy()).catch((e: unknown) => e);
    expect(second).toMatchObject({ fetchCode: 'host-backoff' });
    expect((second as FetchError).retryAfterMs).toBeGreaterThan(25_000);
    expect(server.requests).toHaveLength(1);
  });

  it('waits out a short back-off instead of failing', async () => {
    const a = fixture.newClient();
    status = 503;
    retryAfter = '1';
    await expect(a.fetchText(server.url('/s'), localPolicy())).rejects.toMatchObject({ status: 503 });
    status = 200;
    const result = await a.fetchText(server.url('/s'), localPolicy());
    expect(result.kind).toBe('ok');
    const [first, second] = server.requests;
    expect((second?.startedAt ?? 0) - (first?.startedAt ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('a slot held by a killed worker is freed when its lease expires', async () => {
    const slots = createHostSlots(fixture.redis, fixture.keyPrefix);
    const options = { maxInFlight: 1, minDelayMs: 0, leaseMs: 300, waitBudgetMs: 2000 };
    await slots.acquire('dead.example:80', options); // never released
    const started = Date.now();
    const slot = await slots.acquire('dead.example:80', options);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await slot.release();
    await expect(
      slots.acquire('dead.example:80', { ...options, leaseMs: 60_000, waitBudgetMs: 100 }),
    ).resolves.toBeDefined();
    await expect(slots.acquire('dead.example:80', { ...options, waitBudgetMs: 100 })).rejects.toMatchObject({
      reason: 'busy',
    });
  });

  it('one page follows a feed read as one visit; a second page, a plain request and a back-off stay paced', async () => {
    const a = fixture.newClient();
    const b = fixture.newClient();
    const policy = localPolicy({ maxInFlight: 1, minDelayMs: 400 });
    await a.fetchText(server.url('/feed'), policy, { visit: 'open' });
    // Another worker's page of that feed: no minimum delay (the visit), but only once.
    await b.fetchText(server.url('/page1'), policy, { visit: 'follow' });
    await b.fetchText(server.url('/page2'), policy, { visit: 'follow' });
    await a.fetchText(server.url('/other'), policy);
    // A plain request after a feed read gets no credit.
    await a.fetchText(server.url('/feed'), policy, { visit: 'open' });
    await a.fetchText(server.url('/plain'), policy);
    const starts = server.requests.map((r) => r.startedAt);
    const ends = starts.map((s) => s + 60);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/feed',
      '/page1',
      '/page2',
      '/other',
      '/feed',
      '/plain',
    ]);
    expect(starts[1]! - ends[0]!).toBeLessThan(250);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(390);
    expect(starts[3]! - starts[2]!).toBeGreaterThanOrEqual(390);
    expect(starts[5]! - starts[4]!).toBeGreaterThanOrEqual(390);
    expect(server.maxConcurrent()).toBe(1);
  });

  it('a visit credit does not jump a back-off', async () => {
    const slots = createHostSlots(fixture.redis, fixture.keyPrefix);
    const options = { maxInFlight: 1, minDelayMs: 100, leaseMs: 5000, waitBudgetMs: 200 };
    const feed = await slots.acquire('visit.example:80', { ...options, visit: 'open' });
    await feed.release();
    await slots.backOff('visit.example:80', 5000);
    await expect(slots.acquire('visit.example:80', { ...options, visit: 'follow' })).rejects.toMatchObject({
      reason: 'backoff',
    });
  });
});
