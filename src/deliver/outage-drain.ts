/**
 * The backlog of an outage is posted in publication order (the order the alerts were decided), as fast as Discord
 * takes it. Two parts:
 *
 * - order: a delivery that waited for the circuit (created before it closed) and is not the oldest unposted one of
 *   its channel waits, for as long as the backlog's drain progresses (a backlog alert posted within `drainMs`);
 *   a stalled head (its job lost, a long backoff) holds the others back at most that long.
 * - pace: each backlog post wakes the job of the next-oldest alert at once (`wake`, which promotes its delayed
 *   BullMQ job), so the drain is a chain paced by Discord's answers and rate limits, not by the timers the jobs
 *   were given while the circuit was open (up to the probe's hold, `probeMaxMs`).
 */
import type { ChannelCircuit, DeliveryRecord, DeliveryStore } from './delivery-store.js';

export interface DrainPolicy {
  /** The drain holds newer alerts back while a backlog alert was posted within this time. */
  drainMs: number;
}

/** Whether `current` was part of the outage backlog of `circuit` (decided before the circuit last closed). */
export function inBacklog(
  current: DeliveryRecord,
  circuit: ChannelCircuit | null,
): circuit is ChannelCircuit {
  return (
    current.discordMessageId === null &&
    circuit?.closedAt != null &&
    Date.parse(current.createdAt) < Date.parse(circuit.closedAt)
  );
}

/** True when an older alert of the backlog is still unposted and the drain progresses: `current` waits. */
export async function waitsForOlder(
  current: DeliveryRecord,
  circuit: ChannelCircuit,
  deliveries: Pick<DeliveryStore, 'backlogRank' | 'backlogPostedAt'>,
  policy: DrainPolicy,
  nowMs: number,
): Promise<boolean> {
  const closedAt = circuit.closedAt;
  if (closedAt === null) return false;
  if ((await deliveries.backlogRank(current.channelId, current.createdAt)) === 0) return false;
  const lastPost = await deliveries.backlogPostedAt(current.channelId, closedAt);
  const progress = Math.max(Date.parse(closedAt), lastPost === null ? 0 : Date.parse(lastPost));
  return nowMs - progress < policy.drainMs;
}

/** Wake the next-oldest alert of the backlog (after posting one of it). Never throws: the job's timer remains. */
export async function wakeNext(
  channelId: string,
  closedAt: string,
  deliveries: Pick<DeliveryStore, 'nextInBacklog'>,
  wake: ((storyId: string, channelId: string, contentVersion: number) => Promise<void>) | undefined,
): Promise<void> {
  if (!wake) return;
  try {
    const next = await deliveries.nextInBacklog(channelId, closedAt);
    if (next) await wake(next.storyId, channelId, next.contentVersion);
  } catch {
    // Best effort: the next alert's own timer still runs it.
  }
}
