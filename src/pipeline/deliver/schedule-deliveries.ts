/**
 * Routes a story's alert to its channels: one delivery record and one deliver job per (story, channel).
 * A later item of an alerted story bumps the record's content version, so the deliver job edits the message
 * ("also reported by …") instead of posting again.
 */
import { routeAlert } from '../../deliver/routing.js';
import { listStoryItems } from '../../store/items-repo.js';
import { deliveryJobId, deliveryJobName, deliveryJobOptions } from '../../deliver/delivery-processor.js';
import { createDeliveriesRepo } from '../../store/deliveries-repo.js';
import { alertLeadOf } from '../article/first-crawl.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { aggregatorHoldMs, dropHeldJob } from './aggregator-hold.js';

/** @returns the number of deliver jobs queued. */
export async function scheduleStoryDeliveries(
  storyId: string,
  deps: PipelineDeps,
  options: { update: boolean },
): Promise<number> {
  const channels = await channelsOfStory(storyId, deps);
  if (channels.length === 0) return 0;
  const deliveries = createDeliveriesRepo(deps.db);
  const alreadyAlerted = await storyWasAlerted(storyId, deps);
  const ensured = [];
  for (const channel of channels) ensured.push(await deliveries.ensure(storyId, channel.id));
  // On an update every record's version goes up, so its deliver job (a new id) edits the message in place.
  const records = options.update || alreadyAlerted ? await deliveries.markStoryChanged(storyId) : ensured;
  const routed = new Set(channels.map((c) => c.id));
  // A first alert credited to an aggregator's copy waits a little for the original outlet's report (which then
  // bumps the version and posts at once, crediting the original); updates never wait.
  const bumped = options.update || alreadyAlerted;
  const delay = bumped ? 0 : await aggregatorHoldMs(storyId, deps);
  let queued = 0;
  for (const record of records) {
    if (!routed.has(record.channelId)) continue;
    await deps.queues.deliver.add(
      deliveryJobName,
      { storyId, channelId: record.channelId },
      {
        ...deliveryJobOptions,
        jobId: deliveryJobId(storyId, record.channelId, record.contentVersion),
        ...(delay > 0 ? { delay } : {}),
      },
    );
    queued++;
    if (bumped) await dropHeldJob(deps.queues.deliver, storyId, record.channelId, record.contentVersion - 1);
  }
  if (options.update) deps.logger.info({ storyId, channels: queued }, 'story update scheduled');
  return queued;
}

/** The channels a story's alert goes to: routed by its alert lead (none when no member alerts). */
async function channelsOfStory(
  storyId: string,
  deps: Pick<PipelineDeps, 'db' | 'channels'>,
): Promise<ReturnType<typeof routeAlert>> {
  const lead = alertLeadOf(await listStoryItems(deps.db, storyId));
  if (!lead) return [];
  return routeAlert(
    {
      topicId: lead.topicId ?? '',
      score: lead.score ?? 0,
      decision: 'alert',
      lang: lead.language,
      sourceId: lead.sourceId,
    },
    deps.channels,
  );
}

/** Whether any delivery record exists for the story (it was alerted somewhere). */
export async function storyWasAlerted(storyId: string, deps: Pick<PipelineDeps, 'db'>): Promise<boolean> {
  const { rows } = await deps.db.query('select 1 from deliveries where story_id = $1 limit 1', [storyId]);
  return rows.length > 0;
}

/**
 * Make sure an alerted story has its delivery records and deliver jobs, without changing their content version.
 * Used when an article job runs again for an item already stored (a retry after a crash between storing the item
 * and scheduling its alert): re-adding a job id BullMQ still holds is a no-op, and a delivery already posted at
 * this version is not posted again.
 * @returns the number of deliver jobs (re)submitted.
 */
export async function ensureStoryDeliveries(
  storyId: string,
  deps: Pick<PipelineDeps, 'db' | 'channels' | 'queues'>,
): Promise<number> {
  const channels = await channelsOfStory(storyId, deps);
  const deliveries = createDeliveriesRepo(deps.db);
  for (const channel of channels) {
    const record = await deliveries.ensure(storyId, channel.id);
    await deps.queues.deliver.add(
      deliveryJobName,
      { storyId, channelId: channel.id },
      { ...deliveryJobOptions, jobId: deliveryJobId(storyId, channel.id, record.contentVersion) },
    );
  }
  return channels.length;
}
