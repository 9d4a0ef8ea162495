/**
 * The periodic silent-source check: findings become episodes (stored, one per source and kind while it lasts), each
 * new episode is logged once as a warning and posted once to the operators channel, and an episode closes when
 * its source is back. Runs as a BullMQ job scheduler on the `monitor` queue, so replicas keep one schedule and
 * each run is taken by one worker.
 */
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { JobProcessor } from '../job-context.js';
import type { Db } from '../../store/db.js';
import {
  claimEpisodeNotification,
  listOpenEpisodes,
  openEpisode,
  releaseEpisodeNotification,
  resolveEpisode,
} from '../../store/silent-episodes-repo.js';
import type { OperatorNotifier } from '../../deliver/discord/operator-notifier.js';
import {
  detectSilentSources,
  type SilentCheckOptions,
  type SilentCheckSource,
  type SilentSource,
} from '../../operate/silent-sources.js';

/** How often the check runs. */
export const SILENT_CHECK_EVERY_MS = 15 * 60_000;
const SCHEDULER_KEY = 'silent-sources';

export interface SilentMonitorDeps {
  db: Db;
  logger: Logger;
  sources: ReadonlyMap<string, SilentCheckSource & { name?: string }>;
  now: () => Date;
  notifier?: OperatorNotifier | null | undefined;
  options?: SilentCheckOptions;
}

export interface SilentCheckResult {
  findings: SilentSource[];
  /** Episodes that started with this check. */
  opened: number;
  /** Episodes that ended with this check. */
  resolved: number;
  /** Notices posted by this check. */
  notified: number;
}

/** Run one check: detect, open/close episodes, warn and notify once per episode. */
export async function runSilentSourceCheck(deps: SilentMonitorDeps): Promise<SilentCheckResult> {
  const { db, logger } = deps;
  const now = deps.now();
  const findings = await detectSilentSources(db, deps.sources, now, deps.options);
  const key = (sourceId: string, kind: string) => `${sourceId}\u0000${kind}`;
  const current = new Set(findings.map((f) => key(f.sourceId, f.kind)));
  let opened = 0;
  for (const finding of findings) {
    const episode = await openEpisode(db, {
      sourceId: finding.sourceId,
      kind: finding.kind,
      reason: finding.reason,
      at: now,
    });
    if (!episode) continue;
    opened += 1;
    logger.warn(
      {
        sourceId: finding.sourceId,
        kind: finding.kind,
        since: finding.since,
        observed: finding.observed,
        expected: Number(finding.expected.toFixed(2)),
        probability: finding.probability,
      },
      `source silent: ${finding.reason}`,
    );
  }
  let resolved = 0;
  const open = await listOpenEpisodes(db);
  for (const episode of open) {
    if (current.has(key(episode.sourceId, episode.kind))) continue;
    if (await resolveEpisode(db, episode.id, now)) {
      resolved += 1;
      logger.info({ sourceId: episode.sourceId, kind: episode.kind }, 'source no longer silent');
    }
  }
  let notified = 0;
  if (deps.notifier) {
    for (const episode of open) {
      if (episode.notifiedAt !== null || !current.has(key(episode.sourceId, episode.kind))) continue;
      if (!(await claimEpisodeNotification(db, episode.id, now))) continue;
      const ok = await deps.notifier.notifySilentSource(
        {
          sourceId: episode.sourceId,
          sourceName: deps.sources.get(episode.sourceId)?.name ?? episode.sourceId,
          kind: episode.kind,
          reason: episode.reason,
          since:
            findings.find((f) => f.sourceId === episode.sourceId && f.kind === episode.kind)?.since ??
            episode.startedAt,
        },
        `silent${episode.id}`,
      );
      if (ok) notified += 1;
      else await releaseEpisodeNotification(db, episode.id);
    }
  }
  return { findings, opened, resolved, notified };
}

/** Upsert the check's job scheduler (idempotent across replicas). */
export async function upsertSilentSourceSchedule(
  queue: Queue,
  everyMs = SILENT_CHECK_EVERY_MS,
): Promise<void> {
  await queue.upsertJobScheduler(
    SCHEDULER_KEY,
    { every: everyMs },
    { name: 'silent-sources', data: {}, opts: { removeOnComplete: 100, removeOnFail: 500, attempts: 1 } },
  );
}

/** The monitor queue's processor: runs the check for `silent-sources` jobs (other names are ignored). */
export function createSilentSourceJob(deps: SilentMonitorDeps): JobProcessor {
  return async (job, context) => {
    if (job.name !== 'silent-sources') return null;
    const result = await runSilentSourceCheck({ ...deps, logger: context.logger });
    return { findings: result.findings.length, opened: result.opened, resolved: result.resolved };
  };
}
