/** What the dashboard reads from, and how other areas extend it (extra routes, nav links, page panels). */
import type { Context, Hono } from 'hono';
import type { Logger } from 'pino';
import type { ChannelConfig } from '../../config/channels.js';
import type { Source } from '../../config/source-schema.js';
import type { Metrics } from '../../app/metrics/metrics.js';
import type { HttpClient } from '../../fetch/http/http-types.js';
import type { Queues } from '../../queues/create-queues.js';
import type { Db } from '../../store/db.js';
import type { StoryRecord } from '../../store/stories-repo.js';
import type { DependencyStatus } from './dependency-banner.js';
import type { Html } from './html.js';
import type { NavLink } from './layout.js';

export interface DashboardDeps {
  db: Db;
  queues: Queues;
  sources: ReadonlyMap<string, Source>;
  channels: readonly ChannelConfig[];
  /** Topic thresholds: shown next to drop reasons, and used by the digest page. */
  topics?: ReadonlyArray<{ id: string; thresholds: { alert: number; digest: number } }>;
  logger: Logger;
  /** Served at /metrics; without it /metrics answers 404. */
  metrics?: Metrics | undefined;
  /** The pipeline's HTTP client, for /sources/add; without it that page says so. */
  http?: HttpClient | undefined;
  now: () => Date;
  /** Redis and PostgreSQL reachability as this process sees it: a banner on every page while one is down. */
  dependencies?: DependencyStatus | undefined;
  /** IANA zone absolute times are shown in (DASHBOARD_TIME_ZONE); the process's zone when unset. */
  timeZone?: string | undefined;
}

export type PageName = 'sources' | 'items' | 'stories' | 'queues' | 'digest';

/** Extra HTML shown at the top of a page (e.g. silent sources above the sources table). */
export type Panel = (c: Context, deps: DashboardDeps) => Html | Promise<Html>;

/** A page another area adds: its body is rendered inside the dashboard's layout under `title`. */
export interface ExtraPage {
  path: string;
  title: string;
  render: (c: Context, deps: DashboardDeps) => Html | Promise<Html>;
}

export interface DashboardOptions {
  /** Required for every dashboard request when set (see access-guard.ts). */
  token?: string | undefined;
  /** Host names served besides loopback ones when there is no token (PUBLIC_DASHBOARD_URL's host). */
  publicHosts?: string[] | undefined;
  /**
   * Routes mounted before the token guard: for endpoints that authenticate themselves, e.g. Discord's signed
   * `POST /interactions`. Nothing else belongs here.
   */
  publicRoutes?: Array<(app: Hono) => void>;
  /** Routes mounted behind the token guard, with the dashboard's pages (operator pages and form posts). */
  extraRoutes?: Array<(app: Hono) => void>;
  /** Links added to the navigation bar (for pages mounted through `extraRoutes`). */
  nav?: NavLink[];
  /** Whole pages served in the dashboard's frame (navigation, banner), behind the token: `GET path`. */
  pages?: ExtraPage[];
  /** Panels rendered at the top of a page, in order. */
  panels?: Partial<Record<PageName, Panel[]>>;
  /**
   * For tests and local fixtures only (never set from the environment): let /sources/add reach private and
   * loopback addresses and skip the one-second delay between its requests.
   */
  addSource?: { allowPrivateAddresses?: boolean; minDelayMs?: number } | undefined;
  /** Extra HTML under each story on the stories page (e.g. relevant / not relevant buttons). */
  storyExtras?: (story: StoryRecord, c: Context) => Html | Promise<Html>;
}
