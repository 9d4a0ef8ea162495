/**
 * Routes a story's alert to its channels: one delivery record and one deliver job per (story, channel).
 * A later item of an alerted story bumps the record's content version, so the deliver job edits the message
 * ("also reported by …") instead of posting again.
 */
import { routeAlert } from '../deliver/routing.js';
import { listStoryItems } from '../store/items-repo.js';
import { deliverJobId } from './job-ids.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** @returns the number of deliver jobs queued. */
export async function scheduleStoryDeliveries(
  storyId: string,
  deps: PipelineDeps,
  options: { update: boolean },
): Promise<number> {
  const items = await listStoryItems(deps.db, storyId);
  const lead = items.find((i) => i.decision === 'alert' && !i.duplicateOf);
  if (!lead) return 0;
  const channels = routeAlert(
    {
      topicId: lead.topicId ?? '',
      score: lead.score ?? 0,
      decision: 'alert',
      lang: lead.language,
      sourceId: lead.sourceId,
    },
    deps.channels,
  );
  let queued = 0;
  for (const channel of channels) {
    const { rows } = await deps.db.query<{ content_version: number }>(
      `insert into deliveries (story_id, channel_id, item_id, nonce, content_version)
       values ($1, $2, $3, $4, 1)
       on conflict (story_id, channel_id) do update set content_version = deliveries.content_version + 1, updated_at = now()
       returning content_version`,
      [storyId, channel.id, lead.id, nonceFor(storyId, channel.id)],
    );
    const version = rows[0]?.content_version ?? 1;
    await deps.queues.deliver.add(
      'deliver',
      { storyId, channelId: channel.id },
      { jobId: deliverJobId(storyId, channel.id, version) },
    );
    queued++;
  }
  if (options.update) deps.logger.info({ storyId, channels: queued }, 'story update scheduled');
  return queued;
}

/** Discord nonces are at most 25 characters; derived from (story, channel) so a re-post is recognised. */
function nonceFor(storyId: string, channelId: string): string {
  let h = 0xcbf29ce484222325n;
  for (const ch of `${storyId}|${channelId}`) {
    h ^= BigInt(ch.codePointAt(0) ?? 0);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `r${h.toString(36)}`.slice(0, 25);
}

/** Whether any delivery record exists for the story (it was alerted somewhere). */
export async function storyWasAlerted(storyId: string, deps: Pick<PipelineDeps, 'db'>): Promise<boolean> {
  const { rows } = await deps.db.query('select 1 from deliveries where story_id = $1 limit 1', [storyId]);
  return rows.length > 0;
}
