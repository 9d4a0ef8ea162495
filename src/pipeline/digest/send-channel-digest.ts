/**
 * Sends one channel's digest for one date: composes the loader (src/store → src/digest), the Discord formatter
 * and the exactly-once sender (src/deliver/digest). Used by the digest worker and `raqib digest send`.
 */
import type { Logger } from 'pino';
import { formatDigest, type DigestFormatOptions } from '../../deliver/digest/format-digest.js';
import { sendDigest, type DigestProgress, type SendDigestOutcome } from '../../deliver/digest/send-digest.js';
import type { DiscordSender } from '../../deliver/discord/discord-sender.js';
import { digestSettings, latestDueDate, localDate } from '../../digest/digest-schedule.js';
import type { Db } from '../../store/db.js';
import { createDigestsRepo } from '../../store/digests-repo.js';
import { findDigestChannel, loadDigest, type DigestSetup } from './load-digest.js';

/** A digest sent this long after its scheduled time is marked late. */
export const LATE_AFTER_MS = 15 * 60_000;
/**
 * A scheduled job processed up to this long before its time (clock skew between Redis and this host) still
 * counts as that day's run.
 */
export const EARLY_TOLERANCE_MS = 2 * 60_000;

export interface ChannelDigestDeps {
  db: Db;
  setup: DigestSetup;
  sender: DiscordSender;
  logger: Logger;
  owner: string;
  now: () => Date;
  leaseMs?: number;
  formatOptions?: Omit<DigestFormatOptions, 'late'>;
  /** PUBLIC_DASHBOARD_URL: over-long links fall back to its `/i/<id>` redirect. @defaultValue undefined */
  publicDashboardUrl?: string | undefined;
}

export interface ChannelDigestRequest {
  channelId: string;
  /** YYYY-MM-DD; default: the latest due date (scheduled runs) or today (manual sends). */
  date?: string | undefined;
  /** Sent on request (`raqib digest send`): never marked late, retries a failed digest, may precede its time. */
  manual?: boolean;
  onProgress?: (event: DigestProgress) => void;
}

export type ChannelDigestResult = SendDigestOutcome & { channelId: string; date: string };

export async function sendChannelDigest(
  deps: ChannelDigestDeps,
  request: ChannelDigestRequest,
): Promise<ChannelDigestResult> {
  const channel = findDigestChannel(deps.setup.channels, request.channelId);
  const settings = digestSettings(channel);
  const now = deps.now();
  const date =
    request.date ??
    (request.manual
      ? localDate(now, settings.timeZone)
      : latestDueDate(new Date(now.getTime() + EARLY_TOLERANCE_MS), settings));
  const prepare = async () => {
    const at = deps.now();
    const digest = await loadDigest(deps.db, deps.setup, { channelId: channel.id, date, now: at });
    const late = !request.manual && at.getTime() > Date.parse(digest.scheduledAt) + LATE_AFTER_MS;
    return {
      pages: formatDigest(digest, {
        publicDashboardUrl: deps.publicDashboardUrl,
        ...deps.formatOptions,
        late,
      }),
      late,
      scheduledFor: new Date(digest.scheduledAt),
      window: { start: new Date(digest.window.start), end: new Date(digest.window.end) },
      storyCount: digest.entries.length,
    };
  };
  const outcome = await sendDigest(
    channel,
    date,
    prepare,
    {
      store: createDigestsRepo(deps.db),
      sender: deps.sender,
      logger: deps.logger,
      owner: deps.owner,
      ...(deps.leaseMs === undefined ? {} : { leaseMs: deps.leaseMs }),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    },
    { retryFailed: request.manual ?? false },
  );
  return { ...outcome, channelId: channel.id, date };
}
