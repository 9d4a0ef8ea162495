/**
 * WebSub end to end on loopback: a local outlet whose feed advertises a local hub, the subscription job (real HTTP
 * client, real form POST), the hub's verification and signed pushes through the dashboard's public route (Hono
 * app), a crawl queued at once for a valid push and none for a forged one, renewal before the lease ends, and
 * adaptive polling moving a pushed source to its slow safety interval.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { Queue } from 'bullmq';
import { Hono } from 'hono';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Source } from '../../../src/config/source-schema.js';
import { mountWebSub } from '../../../src/console/websub/websub-route.js';
import { createFormPoster } from '../../../src/fetch/http/post-form.js';
import { runAdaptPolling } from '../../../src/pipeline/monitor/adapt-polling-job.js';
import { callbackUrl, runWebSubCheck } from '../../../src/pipeline/monitor/websub-job.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { createRedisPollPlanStore } from '../../../src/store/redis/redis-poll-plan.js';
import { syncSources } from '../../../src/store/sources-repo.js';
import { getSubscription } from '../../../src/store/websub-repo.js';
import { createClientFixture, type ClientFixture } from '../fetch/client-fixture.js';

const logger = pino({ level: 'silent' });
const PUBLIC = 'https://raqib.example';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });
}

describe('WebSub', () => {
  let server: Server;
  let base = '';
  let db: Db;
  let queue: Queue;
  let http: ClientFixture;
  const hubRequests: URLSearchParams[] = [];
  const eagerVerifications: string[] = [];
  let now = Date.parse('2026-11-20T12:00:00Z');
  const app = new Hono();
  let sources: Map<string, Source>;
  let eager: Map<string, Source>;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/feed.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(`<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Outlet</title>
          <atom:link rel="self" href="${base}/feed.xml"/><atom:link rel="hub" href="${base}/hub"/>
          <item><title>x</title><link>${base}/a/1</link></item></channel></rss>`);
      } else if (req.url === '/eager.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(`<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Eager</title>
          <atom:link rel="hub" href="${base}/hub-eager"/><item><title>z</title></item></channel></rss>`);
      } else if (req.url === '/hub-eager' && req.method === 'POST') {
        // A hub that verifies the intent before it answers the subscription request.
        void readBody(req).then(async (b) => {
          const form = new URLSearchParams(b);
          const callback = new URL(form.get('hub.callback') ?? '');
          const answer = await app.request(
            `${callback.pathname}?hub.mode=subscribe&hub.topic=${encodeURIComponent(form.get('hub.topic') ?? '')}` +
              '&hub.challenge=early42&hub.lease_seconds=3600',
          );
          eagerVerifications.push(`${answer.status} ${await answer.text()}`);
          res.writeHead(202).end();
        });
      } else if (req.url === '/plain.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end('<rss><channel><title>No hub</title><item><title>y</title></item></channel></rss>');
      } else if (req.url === '/hub' && req.method === 'POST') {
        void readBody(req).then((b) => {
          hubRequests.push(new URLSearchParams(b));
          res.writeHead(202).end();
        });
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const source = (id: string, path: string): Source =>
      ({
        id,
        file: `${id}.yaml`,
        name: id,
        language: 'en',
        timezone: 'UTC',
        enabled: true,
        interval: 60_000,
        allowedHosts: ['127.0.0.1'],
        allowPrivateAddresses: true,
        robots: { obey: false, overrideReason: 'test' },
        politeness: { maxInFlight: 1, minDelay: 0 },
        fetch: [{ type: 'feed', url: `${base}${path}` }],
      }) as unknown as Source;
    sources = new Map([
      ['pushy', source('pushy', '/feed.xml')],
      ['plain', source('plain', '/plain.xml')],
    ]);
    eager = new Map([['eager', source('eager', '/eager.xml')]]);
    db = await openDb({ dataDir: 'memory://' });
    await syncSources(db, [...sources.values(), ...eager.values()]);
    http = createClientFixture();
    const url = new URL(inject('redisUrl'));
    queue = new Queue('crawl', {
      connection: { host: url.hostname, port: Number(url.port || 6379) },
      prefix: http.keyPrefix,
    });
    mountWebSub(app, { db, crawlQueue: queue, logger, now: () => new Date(now) });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await http.cleanup();
    await db.close();
    await new Promise((r) => server.close(r));
  });

  const check = (which?: Map<string, Source>) =>
    runWebSubCheck(
      {
        db,
        sources: which ?? sources,
        http: http.newClient(),
        createPoster: () => createFormPoster({ timeoutMs: 5000 }),
        publicUrl: PUBLIC,
        now: () => new Date(now),
      },
      logger,
    );

  it('subscribes where a hub is advertised, verifies, queues a crawl for signed pushes only, and renews', async () => {
    const first = await check();
    expect(first).toMatchObject({ checked: 2, requested: 1, withoutHub: 1, failed: 0 });
    expect(hubRequests).toHaveLength(1);
    const request = hubRequests[0]!;
    expect(request.get('hub.mode')).toBe('subscribe');
    expect(request.get('hub.topic')).toBe(`${base}/feed.xml`);
    expect(request.get('hub.callback')).toBe(callbackUrl(PUBLIC, 'pushy'));
    const secret = request.get('hub.secret')!;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await getSubscription(db, 'pushy'))?.state).toBe('pending');
    expect((await getSubscription(db, 'plain'))?.state).toBe('none');

    // Verification: a wrong topic is refused; the right one echoes the challenge and activates the lease.
    const verify = (topic: string) =>
      app.request(
        `/websub/pushy?hub.mode=subscribe&hub.topic=${encodeURIComponent(topic)}&hub.challenge=abc123&hub.lease_seconds=86400`,
      );
    expect((await verify('https://evil.example/feed')).status).toBe(404);
    const ok = await verify(`${base}/feed.xml`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('abc123');
    const active = await getSubscription(db, 'pushy');
    expect(active?.state).toBe('active');
    expect(active?.leaseUntil?.getTime()).toBe(now + 86_400_000);

    // Pushes: a forged one is answered 2xx but queues nothing; a signed one queues a crawl of that source.
    const body = '<rss><channel><item><title>new</title></item></channel></rss>';
    const push = (signature: string) =>
      app.request('/websub/pushy', { method: 'POST', body, headers: { 'x-hub-signature': signature } });
    expect((await push('sha256=' + '0'.repeat(64))).status).toBe(202);
    expect(await queue.getJobCounts('waiting', 'prioritized')).toEqual({ waiting: 0, prioritized: 0 });
    const signed = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect((await push(signed)).status).toBe(202);
    const jobs = await queue.getJobs(['waiting', 'prioritized']);
    expect(jobs.map((j) => j.data)).toEqual([{ sourceId: 'pushy' }]);
    expect((await getSubscription(db, 'pushy'))?.pushes).toBe(1);
    // Pushes to a source without a subscription, and oversized bodies, are refused.
    expect(
      (await app.request('/websub/plain', { method: 'POST', body, headers: { 'x-hub-signature': signed } }))
        .status,
    ).toBe(404);
    const huge = await app.request('/websub/pushy', {
      method: 'POST',
      body: 'x'.repeat(1024 * 1024 + 10),
      headers: { 'x-hub-signature': signed },
    });
    expect(huge.status).toBe(413);

    // Adaptive polling: the pushed source goes to its slow safety interval.
    const plan = await runAdaptPolling(
      {
        db,
        sources,
        plans: createRedisPollPlanStore(http.redis, http.keyPrefix),
        now: () => new Date(now),
        applyIntervals: async () => undefined,
      },
      logger,
    );
    const pushed = plan.plan.entries.find((e) => e.id === 'pushy')!;
    expect(pushed.intervalMs).toBe(900_000);
    expect(pushed.why).toMatch(/WebSub/);

    // Nothing is due an hour later; once a quarter of the granted day is left, the subscription is renewed.
    now += 3_600_000;
    expect((await check()).checked).toBe(0);
    now += 18 * 3_600_000;
    const renewal = await check();
    expect(renewal.requested).toBe(1);
    expect(hubRequests).toHaveLength(2);
    expect(hubRequests[1]!.get('hub.secret')).toBe(secret);
    expect((await getSubscription(db, 'pushy'))?.state).toBe('active');
  });

  it('accepts a verification that arrives before the hub answers the subscription request', async () => {
    expect(await check(eager)).toMatchObject({ checked: 1, requested: 1, failed: 0 });
    expect(eagerVerifications).toEqual(['200 early42']);
    const sub = await getSubscription(db, 'eager');
    expect(sub?.state).toBe('active');
    expect(sub?.leaseUntil?.getTime()).toBe(now + 3_600_000);
  });
});
