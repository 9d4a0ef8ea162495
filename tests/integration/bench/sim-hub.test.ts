/**
 * The simulated WebSub hub behind `npm run bench:pipeline --hub-share`: it verifies a subscription with a GET
 * challenge (and refuses a callback that does not echo it), pushes signed bodies only to verified subscribers, and
 * in a tiny benchmark run raqib subscribes to every hub outlet, the pushes are accepted, and each pushed item is
 * stored and posted once, well before the next poll. Constructed data only.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSimHub, type SimHub } from '../../../bench/sim/sim-hub.js';
import { runBench } from '../../../bench/sim/run-bench.js';
import { validHubSignature } from '../../../src/console/websub/websub-route.js';

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });

const until = async (check: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return check();
};

describe('simulated WebSub hub', () => {
  let hub: SimHub;
  let callbacks: Server;
  let base = '';
  const received: Array<{ path: string; body: Buffer; signature: string | undefined }> = [];

  beforeAll(async () => {
    hub = await startSimHub();
    callbacks = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://cb');
      if (req.method === 'GET') {
        // /good echoes the challenge; /bad answers something else.
        const echo = url.pathname === '/good' ? (url.searchParams.get('hub.challenge') ?? '') : 'nope';
        res.writeHead(200, { 'content-type': 'text/plain' }).end(echo);
        return;
      }
      void readBody(req).then((body) => {
        received.push({ path: url.pathname, body, signature: req.headers['x-hub-signature'] as string });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => callbacks.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(callbacks.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await hub?.close();
    await new Promise((r) => callbacks.close(r));
  });

  const subscribe = (callback: string, secret: string) =>
    fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        'hub.mode': 'subscribe',
        'hub.topic': 'http://outlet.test/feed.xml',
        'hub.callback': callback,
        'hub.secret': secret,
        'hub.lease_seconds': '3600',
      }).toString(),
    });

  it('verifies with a challenge, pushes signed bodies to verified subscribers only, and counts requests', async () => {
    expect((await subscribe(`${base}/good`, 'secret-good')).status).toBe(202);
    expect((await subscribe(`${base}/bad`, 'secret-bad')).status).toBe(202);
    expect(await until(() => [...hub.subscriptions.values()].every((s) => s.state !== 'verifying'))).toBe(
      true,
    );
    expect(hub.subscriptions.get(`${base}/good`)?.state).toBe('active');
    expect(hub.subscriptions.get(`${base}/bad`)?.state).toBe('refused');
    expect(hub.subscribers('http://outlet.test/feed.xml')).toHaveLength(1);

    const body = '<rss><channel><item><title>new</title></item></channel></rss>';
    await hub.publish('http://outlet.test/feed.xml', body);
    await hub.publish('http://other.test/feed.xml', body);
    expect(received.map((r) => r.path)).toEqual(['/good']);
    const push = received[0]!;
    expect(push.body.toString()).toBe(body);
    expect(validHubSignature(push.signature, push.body, 'secret-good')).toBe(true);
    expect(validHubSignature(push.signature, push.body, 'secret-bad')).toBe(false);
    expect(hub.pushes).toHaveLength(1);
    expect(hub.pushes[0]?.status).toBe(202);

    expect((await fetch(hub.url.replace('/hub', '/elsewhere'))).status).toBe(404);
    expect(hub.requests.map((r) => r.status)).toEqual([202, 202, 404]);
  });
});

describe('tiny pipeline benchmark with a WebSub hub', () => {
  it('subscribes to every hub outlet; each pushed item is stored and posted once, long before the next poll', async () => {
    const lines: string[] = [];
    const result = await runBench(
      {
        sources: 3,
        minutes: 0.3,
        rate: 12,
        workers: 1,
        // Polling alone would take up to a minute to see an item.
        intervalMs: 60_000,
        topicalShare: 1,
        slowShare: 0,
        failShare: 0,
        minDelayMs: 200,
        redisUrl: inject('redisUrl'),
        postgresUrl: inject('postgresUrl'),
        seed: 7,
        drainMs: 40_000,
        warmupMs: 60_000,
        logLevel: 'warn',
        corpusFile: null,
        keepLogs: false,
        policy: 'adaptive',
        hubShare: 1,
      },
      (line) => lines.push(line),
    );
    const w = result.websub;
    const c = result.counts;
    expect(w, lines.join('\n')).not.toBeNull();
    expect(w?.hubOutlets).toBe(3);
    expect(w?.subscribed).toBe(true);
    expect(w?.activeAtStart).toBe(3);
    expect(w?.verified).toBeGreaterThanOrEqual(3);
    expect(w?.pushes).toBeGreaterThanOrEqual(c.published);
    expect(w?.pushesFailed).toBe(0);
    expect(c.published, lines.join('\n')).toBeGreaterThan(0);
    // Stored once: every published item has its row, none is missed or posted twice (push crawl + poll).
    expect(c.notStored).toBe(0);
    expect(c.missed).toBe(0);
    expect(c.duplicated).toBe(0);
    expect(c.alerted + c.joined + c.belowAlert + c.mergedUnalerted).toBe(c.published);
    expect(w?.publicationToPost.n).toBe(c.alerted);
    expect(w?.publicationToFirstSight.p95 ?? Infinity).toBeLessThan(15_000);
  }, 150_000);
});
