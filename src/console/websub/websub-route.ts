/**
 * The WebSub callback, public (hubs cannot hold a dashboard token; every request is checked on its own):
 * - `GET /websub/:source` — the hub's verification of a (re)subscription: answered with `hub.challenge` only when
 *   the topic is the one raqib asked for and a subscription is pending or active; a `denied` notice is recorded.
 * - `POST /websub/:source` — a push: the body (at most 1 MiB, counted as it arrives) must carry a valid
 *   `X-Hub-Signature` (HMAC-SHA1/256/384/512 with the subscription's secret, compared in constant time). A valid
 *   push queues a crawl of the source at once (the crawl reads the feed as usual, so a pushed body is never
 *   trusted as content); an invalid one is ignored, but still answered 2xx as WebSub requires.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { Db } from '../../store/db.js';
import { getSubscription, markDenied, markVerified, recordPush } from '../../store/websub-repo.js';

export const MAX_PUSH_BYTES = 1024 * 1024;

export interface WebSubRouteDeps {
  db: Db;
  crawlQueue: Queue;
  logger: Logger;
  now: () => Date;
}

const ALGORITHMS = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

/** Whether `header` (`sha256=<hex>`) signs `body` with `secret`. */
export function validHubSignature(header: string | undefined, body: Uint8Array, secret: string): boolean {
  const match = /^(sha1|sha256|sha384|sha512)=([0-9a-f]+)$/i.exec(header?.trim() ?? '');
  if (!match || !ALGORITHMS.has(match[1]!.toLowerCase())) return false;
  const expected = createHmac(match[1]!.toLowerCase(), secret).update(body).digest();
  const given = Buffer.from(match[2]!.toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function mountWebSub(app: Hono, deps: WebSubRouteDeps): void {
  app.get('/websub/:source', async (c) => {
    const sourceId = c.req.param('source');
    const mode = c.req.query('hub.mode');
    const topic = c.req.query('hub.topic');
    const sub = await getSubscription(deps.db, sourceId);
    if (!sub || !sub.topic || topic !== sub.topic || (sub.state !== 'pending' && sub.state !== 'active'))
      return c.text('no such subscription', 404);
    if (mode === 'denied') {
      await markDenied(deps.db, sourceId, (c.req.query('hub.reason') ?? 'denied by the hub').slice(0, 500));
      deps.logger.warn({ sourceId }, 'websub subscription denied by the hub');
      return c.text('ok', 200);
    }
    const challenge = c.req.query('hub.challenge');
    if (mode !== 'subscribe' || !challenge) return c.text('unexpected verification', 404);
    const seconds = Number(c.req.query('hub.lease_seconds'));
    const now = deps.now();
    const leaseUntil =
      Number.isFinite(seconds) && seconds > 0 ? new Date(now.getTime() + seconds * 1000) : null;
    await markVerified(deps.db, sourceId, now, leaseUntil);
    deps.logger.info({ sourceId, leaseUntil }, 'websub subscription verified');
    return c.text(challenge, 200, { 'content-type': 'text/plain; charset=utf-8' });
  });

  const limit = bodyLimit({ maxSize: MAX_PUSH_BYTES, onError: (c) => c.text('push body too large', 413) });
  app.post('/websub/:source', limit, async (c) => {
    const sourceId = c.req.param('source');
    const sub = await getSubscription(deps.db, sourceId);
    if (!sub || sub.state !== 'active') return c.text('no such subscription', 404);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (!validHubSignature(c.req.header('x-hub-signature'), body, sub.secret)) {
      deps.logger.warn({ sourceId }, 'websub push with a missing or invalid signature ignored');
      return c.text('ignored', 202);
    }
    const now = deps.now();
    await recordPush(deps.db, sourceId, now);
    // One crawl per source and 2-second window however many pushes arrive.
    await deps.crawlQueue.add(
      'crawl',
      { sourceId },
      {
        jobId: `push-${sourceId}-${Math.floor(now.getTime() / 2000)}`,
        attempts: 1,
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    );
    return c.text('accepted', 202);
  });
}
