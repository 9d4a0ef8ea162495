/**
 * The WebSub part of a pipeline benchmark run (benchmark helper): a free loopback port for the workers' callback
 * server, the wait for the hub outlets' subscriptions during the warm-up, and the figures for the outlets whose
 * feeds advertise the simulated hub (measured in every run: with fixed polling they are polled like the others).
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Queues } from '../../src/queues/create-queues.js';
import { spread, type Spread } from './bench-metrics.js';
import type { SimHub } from './sim-hub.js';
import type { SimItem } from './sim-outlets.js';

export interface WebSubFigures {
  /** Outlets whose feeds advertise the hub, and how many of them had a verified subscription when publishing started. */
  hubOutlets: number;
  activeAtStart: number;
  /** Whether raqib subscribed (PUBLIC_URL set: raqib's policy) or polled these outlets like the others. */
  subscribed: boolean;
  publicationToFirstSight: Spread;
  publicationToPost: Spread;
  /** Requests made to the hub (subscription requests), in the whole run and while publishing. */
  hubRequests: number;
  hubRequestsWhilePublishing: number;
  /** Verified subscriptions (the hub's GET challenge answered correctly). */
  verified: number;
  /** Pushes the hub sent while publishing and after, and how many the callback did not answer 2xx. */
  pushes: number;
  pushesFailed: number;
  /** Feed requests to the hub outlets while publishing. */
  feedRequestsWhilePublishing: number;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Subscriptions active at the hub for these topics. */
export function activeSubscriptions(hub: SimHub, topics: ReadonlySet<string>): number {
  return [...hub.subscriptions.values()].filter((s) => s.state === 'active' && topics.has(s.topic)).length;
}

/**
 * Waits (up to `timeoutMs`) until every hub outlet's subscription is verified, or until raqib's WebSub check is
 * over and no verification is in flight (a feed that answered HTTP 500 to the check is retried a day later). The
 * monitor queue's WebSub scheduler runs its first check when the workers start; one more check is queued if
 * nothing reached the hub after 30 s.
 */
export async function awaitSubscriptions(
  hub: SimHub,
  topics: ReadonlySet<string>,
  queues: Queues,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<number> {
  const started = Date.now();
  let queued = false;
  let lastLog = started;
  for (;;) {
    const active = activeSubscriptions(hub, topics);
    if (active >= topics.size) return active;
    const verifying = [...hub.subscriptions.values()].some((s) => s.state === 'verifying');
    if (hub.requests.length > 0 && !verifying && !(await checkRunning(queues))) {
      log(`websub: check over with ${active} of ${topics.size} subscriptions verified`);
      return active;
    }
    if (Date.now() - started > timeoutMs) {
      log(
        `websub: ${active} of ${topics.size} subscriptions verified after ${Math.round(timeoutMs / 1000)} s`,
      );
      return active;
    }
    if (!queued && hub.requests.length === 0 && Date.now() - started > 30_000) {
      queued = true;
      await queues.monitor.add('websub', {}, { removeOnComplete: 100, attempts: 1 });
    }
    if (Date.now() - lastLog > 10_000) {
      log(`websub: ${active} of ${topics.size} subscriptions verified`);
      lastLog = Date.now();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function checkRunning(queues: Queues): Promise<boolean> {
  const jobs = await queues.monitor.getJobs(['active', 'waiting', 'prioritized']);
  return jobs.some((job) => job?.name === 'websub');
}

export function webSubFigures(input: {
  hub: SimHub;
  hubOutletIndexes: ReadonlySet<number>;
  subscribed: boolean;
  activeAtStart: number;
  seen: readonly SimItem[];
  firstPost: ReadonlyMap<SimItem, number>;
  window: { from: number; to: number };
  feedRequestsWhilePublishing: number;
}): WebSubFigures {
  const { hub, window } = input;
  const ofHub = (list: readonly SimItem[]) => list.filter((i) => input.hubOutletIndexes.has(i.outlet));
  const posted = ofHub([...input.firstPost.keys()]);
  return {
    hubOutlets: input.hubOutletIndexes.size,
    activeAtStart: input.activeAtStart,
    subscribed: input.subscribed,
    publicationToFirstSight: spread(
      ofHub(input.seen).map((i) => (i.firstServedAt as number) - i.publishedAt),
    ),
    publicationToPost: spread(posted.map((i) => (input.firstPost.get(i) as number) - i.publishedAt)),
    hubRequests: hub.requests.length,
    hubRequestsWhilePublishing: hub.requests.filter((r) => r.at >= window.from && r.at <= window.to).length,
    verified: [...hub.subscriptions.values()].filter((s) => s.verifiedAt !== null).length,
    pushes: hub.pushes.length,
    pushesFailed: hub.pushes.filter((p) => p.status < 200 || p.status >= 300).length,
    feedRequestsWhilePublishing: input.feedRequestsWhilePublishing,
  };
}
