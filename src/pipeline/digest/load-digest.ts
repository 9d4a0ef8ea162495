/**
 * Loads one channel's digest for one date from the store: the window (frozen when the digest was sent, else since
 * the previous digest or the last 24 hours up to the scheduled time or now), the candidate reports, and which
 * stories were alerted to the channel. The dashboard renders the result as a web page; the digest stage sends it.
 */
import type { ChannelConfig } from '../../config/channels.js';
import type { Source } from '../../config/source-schema.js';
import { shortLinkOf } from '../../config/short-link.js';
import { buildDigest, type DigestItem } from '../../digest/build-digest.js';
import {
  digestSettings,
  isDigestDate,
  localDate,
  scheduledAt,
  type DigestSettings,
} from '../../digest/digest-schedule.js';
import type { Digest, DigestSendStatus } from '../../digest/digest-types.js';
import type { DigestRecord } from '../../deliver/digest/digest-store.js';
import { RaqibError } from '../../shared/errors.js';
import type { Reason } from '../../shared/types.js';
import type { Db } from '../../store/db.js';
import {
  createDigestsRepo,
  listAlertedStoryIds,
  listDigestCandidateItems,
} from '../../store/digests-repo.js';

/** What the loader needs from the configuration; a Runtime or PipelineDeps fits. */
export interface DigestSetup {
  channels: readonly ChannelConfig[];
  /** Outlet names by source id. */
  sources: ReadonlyMap<string, { name: string; shortLink?: Source['shortLink']; aggregator?: boolean }>;
  /** Topic digest thresholds; without them only the stored decisions and the channel's minScore count. */
  topics?: ReadonlyArray<{ id: string; thresholds: { digest: number } }>;
}

export interface LoadDigestOptions {
  channelId: string;
  /** YYYY-MM-DD in the channel's time zone; default: today there. */
  date?: string | undefined;
  now: Date;
}

/** Without a previous digest the window is the 24 hours before the scheduled time. */
export const DEFAULT_WINDOW_MS = 24 * 3600_000;
/** A window never reaches back further than this, however long ago the previous digest was. */
export const MAX_WINDOW_MS = 7 * 24 * 3600_000;

export class DigestRequestError extends RaqibError {
  constructor(message: string) {
    super('digest-request', message, { retryable: false });
  }
}

/** The channel by id, or a DigestRequestError listing the known ids. */
export function findDigestChannel(channels: readonly ChannelConfig[], channelId: string): ChannelConfig {
  const channel = channels.find((c) => c.id === channelId);
  if (!channel) {
    throw new DigestRequestError(
      `unknown channel "${channelId}" (known: ${channels.map((c) => c.id).join(', ') || 'none'})`,
    );
  }
  return channel;
}

export interface DigestWindowPlan {
  settings: DigestSettings;
  date: string;
  scheduledAt: Date;
  window: { start: Date; end: Date };
  record: DigestRecord | null;
}

/** The window of (channel, date): the frozen one once sending started, else computed from the previous digest. */
export async function planDigestWindow(
  db: Db,
  channel: ChannelConfig,
  options: { date?: string | undefined; now: Date },
): Promise<DigestWindowPlan> {
  const settings = digestSettings(channel);
  const date = options.date ?? localDate(options.now, settings.timeZone);
  if (!isDigestDate(date)) throw new DigestRequestError(`--date must be YYYY-MM-DD, got "${date}"`);
  const due = scheduledAt(date, settings);
  const repo = createDigestsRepo(db);
  const record = await repo.get(channel.id, date);
  if (record?.windowStart && record.windowEnd) {
    return {
      settings,
      date,
      scheduledAt: due,
      window: { start: new Date(record.windowStart), end: new Date(record.windowEnd) },
      record,
    };
  }
  const end = new Date(Math.min(options.now.getTime(), due.getTime()));
  const previous = await repo.previousFinished(channel.id, date);
  const previousEnd = previous?.windowEnd ? Date.parse(previous.windowEnd) : null;
  let start = due.getTime() - DEFAULT_WINDOW_MS;
  if (previousEnd !== null && previousEnd < end.getTime())
    start = Math.max(previousEnd, due.getTime() - MAX_WINDOW_MS);
  return {
    settings,
    date,
    scheduledAt: due,
    window: { start: new Date(Math.min(start, end.getTime())), end },
    record,
  };
}

/** The digest of one channel and date. Reads only; never sends. */
export async function loadDigest(db: Db, setup: DigestSetup, options: LoadDigestOptions): Promise<Digest> {
  const channel = findDigestChannel(setup.channels, options.channelId);
  const plan = await planDigestWindow(db, channel, options);
  const rows = await listDigestCandidateItems(db, plan.window);
  const items: DigestItem[] = rows.map((r) => ({
    ...r,
    reasons: Array.isArray(r.reasons) ? (r.reasons as Reason[]) : [],
  }));
  const storyIds = [...new Set(items.map((i) => i.storyId).filter((id): id is string => id !== null))];
  const alerted = await listAlertedStoryIds(db, channel.id, storyIds);
  const thresholds = new Map((setup.topics ?? []).map((t) => [t.id, t.thresholds.digest]));
  return buildDigest({
    channelId: channel.id,
    subscription: channel.subscription,
    settings: plan.settings,
    date: plan.date,
    scheduledAt: plan.scheduledAt,
    window: plan.window,
    items,
    alertedStoryIds: alerted,
    outletName: (sourceId) => setup.sources.get(sourceId)?.name ?? sourceId,
    shortUrl: (sourceId, url) => shortLinkOf(setup.sources.get(sourceId), url),
    isAggregator: (sourceId) => setup.sources.get(sourceId)?.aggregator === true,
    topicThreshold: (topicId) => thresholds.get(topicId),
    send: plan.record ? sendStatus(plan.record) : null,
    now: options.now,
  });
}

function sendStatus(record: DigestRecord): DigestSendStatus {
  return {
    state: record.state,
    late: record.late,
    sentAt: record.sentAt,
    messageIds: record.messageIds,
    pageCount: record.pages?.length ?? null,
    lastError: record.lastError,
  };
}
