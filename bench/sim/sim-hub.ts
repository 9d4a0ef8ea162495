/**
 * A simulated WebSub hub (benchmark and test helper, not production code) on its own loopback server, at `/hub`:
 * - `POST /hub` (form: hub.mode=subscribe, hub.topic, hub.callback, hub.secret, hub.lease_seconds) is answered
 *   202 at once; the hub then verifies the intent as WebSub says (GET on the callback with hub.challenge) and
 *   activates the subscription only when the callback echoes the challenge;
 * - `publish(topic, body)` POSTs the body to every active subscriber of the topic, signed with
 *   `X-Hub-Signature: sha256=<HMAC of the body with the subscriber's secret>`.
 * Every request made to the hub, every verification and every push is recorded for the benchmark.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubSubscription {
  topic: string;
  callback: string;
  secret: string;
  leaseSeconds: number;
  state: 'verifying' | 'active' | 'refused';
  verifiedAt: number | null;
}

export interface HubPush {
  topic: string;
  callback: string;
  /** Epoch ms the push was sent and answered. */
  start: number;
  end: number;
  /** The callback's HTTP status (0 when the request failed). */
  status: number;
}

export interface SimHub {
  /** `http://127.0.0.1:<port>/hub` */
  url: string;
  /** Requests made to the hub (subscription requests), with their form fields and the hub's answer. */
  requests: Array<{ at: number; mode: string | null; topic: string | null; status: number }>;
  /** Subscriptions by callback URL (one per subscriber and topic in the benchmark). */
  subscriptions: Map<string, HubSubscription>;
  pushes: HubPush[];
  /** Active subscriptions of a topic. */
  subscribers(topic: string): HubSubscription[];
  /** Push `body` to every active subscriber of `topic` (not awaited by the sim; resolves when all answered). */
  publish(topic: string, body: string, contentType?: string): Promise<void>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage, max = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk: Buffer) => {
      data += chunk.toString('utf8');
      if (data.length > max) reject(new Error('hub request too large'));
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

export async function startSimHub(options: { host?: string } = {}): Promise<SimHub> {
  const subscriptions = new Map<string, HubSubscription>();
  const requests: SimHub['requests'] = [];
  const pushes: HubPush[] = [];

  async function verify(sub: HubSubscription): Promise<void> {
    const challenge = randomBytes(12).toString('hex');
    const url = new URL(sub.callback);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.topic', sub.topic);
    url.searchParams.set('hub.challenge', challenge);
    url.searchParams.set('hub.lease_seconds', String(sub.leaseSeconds));
    try {
      const answer = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const text = await answer.text();
      const ok = answer.status >= 200 && answer.status < 300 && text === challenge;
      sub.state = ok ? 'active' : 'refused';
      sub.verifiedAt = ok ? Date.now() : null;
    } catch {
      sub.state = 'refused';
    }
  }

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    if (path !== '/hub' || req.method !== 'POST') {
      requests.push({ at: Date.now(), mode: null, topic: null, status: 404 });
      res.writeHead(404).end();
      return;
    }
    void readBody(req).then(
      (body) => {
        const form = new URLSearchParams(body);
        const mode = form.get('hub.mode');
        const topic = form.get('hub.topic');
        const callback = form.get('hub.callback');
        const secret = form.get('hub.secret') ?? '';
        const record = { at: Date.now(), mode, topic, status: 202 };
        requests.push(record);
        if (mode !== 'subscribe' || !topic || !callback) {
          record.status = 400;
          res.writeHead(400, { 'content-type': 'text/plain' }).end('hub.mode=subscribe, topic and callback');
          return;
        }
        const lease = Number(form.get('hub.lease_seconds'));
        const previous = subscriptions.get(callback);
        const sub: HubSubscription = {
          topic,
          callback,
          secret,
          leaseSeconds: Number.isFinite(lease) && lease > 0 ? Math.min(lease, 864_000) : 864_000,
          state: 'verifying',
          verifiedAt: null,
        };
        // A renewal keeps the old subscription pushing until the new one is verified.
        if (!previous || previous.state !== 'active') subscriptions.set(callback, sub);
        res.writeHead(202, { 'content-type': 'text/plain' }).end('accepted');
        void verify(sub).then(() => {
          if (sub.state === 'active') subscriptions.set(callback, sub);
        });
      },
      () => res.writeHead(413).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve());
  });
  const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}/hub`;

  const subscribers = (topic: string) =>
    [...subscriptions.values()].filter((s) => s.topic === topic && s.state === 'active');

  async function push(sub: HubSubscription, body: string, contentType: string): Promise<void> {
    const record: HubPush = {
      topic: sub.topic,
      callback: sub.callback,
      start: Date.now(),
      end: 0,
      status: 0,
    };
    pushes.push(record);
    try {
      const signature = `sha256=${createHmac('sha256', sub.secret).update(body).digest('hex')}`;
      const answer = await fetch(sub.callback, {
        method: 'POST',
        body,
        headers: { 'content-type': contentType, 'x-hub-signature': signature },
        signal: AbortSignal.timeout(10_000),
      });
      await answer.arrayBuffer();
      record.status = answer.status;
    } catch {
      record.status = 0;
    }
    record.end = Date.now();
  }

  return {
    url,
    requests,
    subscriptions,
    pushes,
    subscribers,
    async publish(topic, body, contentType = 'application/rss+xml; charset=utf-8') {
      await Promise.all(subscribers(topic).map((sub) => push(sub, body, contentType)));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
