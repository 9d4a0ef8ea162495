/**
 * Simulated news outlets (benchmark and test helper, not production code). One request handler serves N outlets;
 * each outlet listens on its own loopback address (127.77.x.y, any port), so raqib's HTTP client sees N distinct
 * hosts and paces each separately, as it would real outlets. Each outlet has an RSS feed (newest items first,
 * ETag + Last-Modified, 304 on a matching conditional request) and one HTML page per item, in Arabic or English.
 * New items appear at random times (a Poisson process at a configurable overall rate, spread over random outlets).
 * A configurable share of responses is slow or fails with HTTP 500. Every request and every item's publication
 * time (and the first time a 200 feed response carried it) is recorded for the benchmark.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateArticle, seededRng, type GeneratedArticle, type Vocabulary } from './article-text.js';
import type { ScheduledItem } from './publication-schedule.js';
import { renderArticlePage, renderFeed } from './render-outlet.js';

export interface SimOptions {
  /** Number of outlets (distinct hosts). */
  outlets: number;
  /** New items per minute over all outlets (Poisson). @defaultValue 20 */
  ratePerMinute?: number;
  /** Share of new items built to be on the drawdown topic. @defaultValue 0.3 */
  topicalShare?: number;
  /** Share of Arabic items. @defaultValue 0.6 */
  arabicShare?: number;
  /** Share of feed and article responses delayed by `slowMs`. @defaultValue 0.02 */
  slowShare?: number;
  /** Delay range of a slow response. @defaultValue [2000, 8000] */
  slowMs?: [number, number];
  /** Extra delay of every article page (a slow CMS or a far-away outlet), on top of `slowShare`. @defaultValue 0 */
  articleDelayMs?: number;
  /** Share of feed and article responses answered with HTTP 500. @defaultValue 0.005 */
  failShare?: number;
  /** Items in each feed at start, published `initialAgeMs` earlier (by default 4–10 days: too old to alert). @defaultValue 5 */
  initialItems?: number;
  /** Age range of the items in a feed at start, in ms. @defaultValue [4 days, 10 days] */
  initialAgeMs?: [number, number];
  /** Items listed in a feed. @defaultValue 20 */
  feedSize?: number;
  seed?: number;
  vocab: Vocabulary;
  /** Publish these items (offsets from `startPublishing`) instead of the Poisson process at `ratePerMinute`. */
  schedule?: readonly ScheduledItem[];
  /** How long an idle keep-alive connection stays open (ms). @defaultValue 65 000 */
  keepAliveMs?: number;
  /**
   * A share of outlets (drawn from the seed, the same in every run) whose feeds advertise this WebSub hub
   * (`<atom:link rel="hub">`); each item they publish is pushed to the hub's subscribers at once.
   */
  hub?: { url: string; share: number; publish: (topic: string, body: string) => void };
}

export interface SimItem {
  id: string;
  outlet: number;
  url: string;
  lang: 'ar' | 'en';
  topical: boolean;
  /** Present in the feeds before the run's publishing started. */
  initial: boolean;
  title: string;
  /** Epoch ms the item appeared in its outlet's feed. */
  publishedAt: number;
  /** Epoch ms of the first 200 feed response that listed the item (first sight by a crawler). */
  firstServedAt: number | null;
  article: GeneratedArticle;
}

export interface SimRequest {
  outlet: number;
  kind: 'feed' | 'article' | 'robots' | 'other';
  /** Epoch ms the request arrived and the response ended. */
  start: number;
  end: number;
  status: number;
  /** The item an article request asked for. */
  item?: string;
}

export interface SimOutlet {
  index: number;
  id: string;
  /** `127.77.x.y:port`: the host key raqib's politeness uses. */
  host: string;
  origin: string;
  feedUrl: string;
  /** Newest first. */
  items: SimItem[];
  version: number;
  lastModified: number;
  /** The WebSub hub its feed advertises, if any. */
  hub: string | null;
}

export interface SimOutlets {
  outlets: SimOutlet[];
  /** Every item by id. */
  items: Map<string, SimItem>;
  requests: SimRequest[];
  /** Start publishing new items at the configured rate (until `stopPublishing`). */
  startPublishing(): void;
  stopPublishing(): void;
  /** Publish one item now (tests); a random outlet and kind unless given. */
  publish(options?: { outlet?: number; topical?: boolean; lang?: 'ar' | 'en' }): SimItem;
  /** The item a URL or path of this sim names, if any. */
  itemForUrl(url: string): SimItem | undefined;
  close(): Promise<void>;
}

const ITEM_PATH = /\/a\/(o\d+-\d+)\.html/;

/** Loopback address of outlet `i`: 127.77.0.1 … 127.77.0.250, 127.77.1.1 … */
export function outletAddress(i: number): string {
  return `127.77.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

export async function startSimOutlets(options: SimOptions): Promise<SimOutlets> {
  // Item contents and the publication process draw from their own generator, responses (slow, failed) from
  // another: runs that make different requests still publish the same items.
  const rng = seededRng(options.seed ?? 1);
  const responseRng = seededRng((options.seed ?? 1) + 104_729);
  // Its own generator too: the hub share does not change what is published.
  const hubRng = seededRng((options.seed ?? 1) * 31 + 7_727);
  const rate = options.ratePerMinute ?? 20;
  const topicalShare = options.topicalShare ?? 0.3;
  const arabicShare = options.arabicShare ?? 0.6;
  const slowShare = options.slowShare ?? 0.02;
  const [slowMin, slowMax] = options.slowMs ?? [2000, 8000];
  const failShare = options.failShare ?? 0.005;
  const feedSize = options.feedSize ?? 20;
  const items = new Map<string, SimItem>();
  const requests: SimRequest[] = [];
  const outlets: SimOutlet[] = [];
  const servers: Server[] = [];
  let serial = 0;

  function createItem(outlet: SimOutlet, at: number, kind: { topical: boolean; lang: 'ar' | 'en' }) {
    const article = generateArticle(rng, { ...kind, vocab: options.vocab });
    const id = `o${outlet.index}-${++serial}`;
    const item: SimItem = {
      id,
      outlet: outlet.index,
      url: `${outlet.origin}/a/${id}.html`,
      lang: kind.lang,
      topical: kind.topical,
      initial: false,
      title: article.title,
      publishedAt: at,
      firstServedAt: null,
      article,
    };
    items.set(id, item);
    return item;
  }

  function addToFeed(outlet: SimOutlet, item: SimItem) {
    outlet.items.unshift(item);
    if (outlet.items.length > feedSize * 2) outlet.items.length = feedSize * 2;
    outlet.version += 1;
    // Last-Modified has one-second resolution: never let two versions share a second with the older one's value.
    outlet.lastModified = Math.max(item.publishedAt, outlet.lastModified + 1000);
  }

  const handler = (outletIndex: number) => (req: IncomingMessage, res: ServerResponse) => {
    const start = Date.now();
    const outlet = outlets[outletIndex];
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    const kind: SimRequest['kind'] =
      path === '/feed.xml'
        ? 'feed'
        : path === '/robots.txt'
          ? 'robots'
          : ITEM_PATH.test(path)
            ? 'article'
            : 'other';
    const record: SimRequest = { outlet: outletIndex, kind, start, end: start, status: 0 };
    const itemId = kind === 'article' ? ITEM_PATH.exec(path)?.[1] : undefined;
    if (itemId) record.item = itemId;
    requests.push(record);
    const finish = (status: number, headers: Record<string, string>, body?: string) => {
      res.writeHead(status, headers).end(body);
      record.end = Date.now();
      record.status = status;
    };
    if (!outlet) return finish(404, {});
    if (kind === 'robots') return finish(200, { 'content-type': 'text/plain' }, 'User-agent: *\nAllow: /\n');
    if (kind === 'other') return finish(404, { 'content-type': 'text/plain' }, 'not found');
    const roll = responseRng();
    const delay =
      (roll < slowShare ? slowMin + responseRng() * (slowMax - slowMin) : 0) +
      (kind === 'article' ? (options.articleDelayMs ?? 0) : 0);
    const failed = roll >= slowShare && roll < slowShare + failShare;
    const respond = () => {
      if (failed) return finish(500, { 'content-type': 'text/plain' }, 'simulated failure');
      if (kind === 'feed') return serveFeed(outlet, req, finish);
      const item = items.get(ITEM_PATH.exec(path)?.[1] ?? '');
      if (!item || item.outlet !== outlet.index || item.publishedAt > Date.now())
        return finish(404, { 'content-type': 'text/plain' }, 'not found');
      const etag = `"${item.id}"`;
      if (req.headers['if-none-match'] === etag) return finish(304, { etag });
      return finish(
        200,
        { 'content-type': 'text/html; charset=utf-8', etag },
        renderArticlePage(item, outlet.origin),
      );
    };
    if (delay > 0) setTimeout(respond, delay);
    else respond();
  };

  function serveFeed(
    outlet: SimOutlet,
    req: IncomingMessage,
    finish: (status: number, headers: Record<string, string>, body?: string) => void,
  ) {
    const etag = `"o${outlet.index}-v${outlet.version}"`;
    const lastModified = new Date(outlet.lastModified).toUTCString();
    const validators = { etag, 'last-modified': lastModified };
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const unchanged =
      inm !== undefined
        ? inm === etag
        : ims !== undefined && Date.parse(ims) >= Math.floor(outlet.lastModified / 1000) * 1000;
    if (unchanged) return finish(304, validators);
    const listed = outlet.items.slice(0, feedSize);
    const now = Date.now();
    for (const item of listed) item.firstServedAt ??= now;
    return finish(
      200,
      { 'content-type': 'application/rss+xml; charset=utf-8', ...validators },
      renderFeed(outlet, listed),
    );
  }

  for (let i = 0; i < options.outlets; i++) {
    const server = createServer(handler(i));
    server.keepAliveTimeout = options.keepAliveMs ?? 65_000;
    const address = outletAddress(i);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, address, () => resolve());
    });
    servers.push(server);
    const host = `${address}:${(server.address() as AddressInfo).port}`;
    const outlet: SimOutlet = {
      index: i,
      id: `sim-${String(i).padStart(4, '0')}`,
      host,
      origin: `http://${host}`,
      feedUrl: `http://${host}/feed.xml`,
      items: [],
      version: 0,
      lastModified: Date.now() - 11 * 86400_000,
      hub: options.hub && hubRng() < options.hub.share ? options.hub.url : null,
    };
    outlets.push(outlet);
    const initial = options.initialItems ?? 5;
    const [ageMin, ageMax] = options.initialAgeMs ?? [4 * 86400_000, 10 * 86400_000];
    // Oldest first, so the feed lists the newest on top.
    const ages = Array.from({ length: initial }, () => ageMin + rng() * (ageMax - ageMin)).sort(
      (a, b) => b - a,
    );
    for (const age of ages) {
      const at = Date.now() - age;
      // The same topical mix as new items: an index of only off-topic old items would make the topic's words look
      // rare to the story clustering and link every new report into one story.
      const item = createItem(outlet, at, {
        topical: rng() < topicalShare,
        lang: rng() < arabicShare ? 'ar' : 'en',
      });
      item.initial = true;
      addToFeed(outlet, item);
    }
  }

  function publish(opts: { outlet?: number; topical?: boolean; lang?: 'ar' | 'en' } = {}): SimItem {
    const outlet = outlets[opts.outlet ?? Math.floor(rng() * outlets.length)];
    if (!outlet) throw new Error('no such outlet');
    const item = createItem(outlet, Date.now(), {
      topical: opts.topical ?? rng() < topicalShare,
      lang: opts.lang ?? (rng() < arabicShare ? 'ar' : 'en'),
    });
    addToFeed(outlet, item);
    if (outlet.hub) options.hub?.publish(outlet.feedUrl, renderFeed(outlet, outlet.items.slice(0, feedSize)));
    return item;
  }

  let timer: NodeJS.Timeout | null = null;
  const schedule = options.schedule;
  let next = 0;
  let startedAt = 0;
  const followSchedule = (list: readonly ScheduledItem[]) => {
    const item = list[next];
    if (!item) return;
    timer = setTimeout(
      () => {
        for (; next < list.length && (list[next] as ScheduledItem).atMs <= Date.now() - startedAt; next++) {
          const due = list[next] as ScheduledItem;
          publish({ outlet: due.outlet, topical: due.topical, lang: due.lang });
        }
        followSchedule(list);
      },
      Math.max(0, item.atMs - (Date.now() - startedAt)),
    );
  };
  const scheduleNext = () => {
    const waitMs = (-Math.log(1 - rng()) * 60_000) / Math.max(rate, 1e-6);
    timer = setTimeout(() => {
      publish();
      scheduleNext();
    }, waitMs);
  };

  return {
    outlets,
    items,
    requests,
    startPublishing() {
      if (timer) return;
      if (schedule) {
        startedAt = Date.now();
        followSchedule(schedule);
      } else if (rate > 0) scheduleNext();
    },
    stopPublishing() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
    publish,
    itemForUrl(url) {
      const id = ITEM_PATH.exec(url)?.[1];
      return id ? items.get(id) : undefined;
    },
    async close() {
      if (timer) clearTimeout(timer);
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
