/**
 * `raqib deliveries list|retry`: see what was (not) delivered to Discord and put failed or paused deliveries back
 * on the queue. Nothing is ever dropped: a delivery that exhausted its retries or hit a refused channel stays in
 * the database until retried here.
 */
import type { Command } from 'commander';
import { pino } from 'pino';
import { loadEnv } from '../../../config/env.js';
import { deliveryJobId, deliveryJobName, deliveryJobOptions } from '../../../deliver/delivery-processor.js';
import type { DeliveryRecord, DeliveryState } from '../../../deliver/delivery-store.js';
import type { Db } from '../../../store/db.js';
import { createDeliveriesRepo } from '../../../store/deliveries-repo.js';
import type { RegisterCommand } from './index.js';
import { openStore, openQueues } from '../../../app/cli-resources.js';

const STATES: DeliveryState[] = ['pending', 'posting', 'posted', 'failed', 'paused'];

async function withDb<T>(run: (db: Db) => Promise<T>): Promise<T> {
  const env = loadEnv();
  const db = await openStore(env);
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}

/** One line per record, for people. */
export function formatDeliveryLine(r: DeliveryRecord): string {
  const message = r.discordMessageId ? `msg ${r.discordMessageId}` : 'not posted';
  const error = r.lastError ? ` — ${r.lastError.slice(0, 160)}` : '';
  return `#${r.id.padEnd(6)} ${r.state.padEnd(8)} ${r.channelId.padEnd(16)} ${r.storyId}  v${r.postedVersion}/${r.contentVersion}  attempts ${r.attempts}  ${message}${error}`;
}

function listCommand(group: Command): void {
  group
    .command('list')
    .description('Show channel pauses, counts per state, and deliveries (failed and paused by default)')
    .option('--state <states>', `comma-separated states (${STATES.join(', ')}) or "all"`, 'failed,paused')
    .option('--channel <id>', 'only this channel (its id in the channels file)')
    .option('--limit <n>', 'at most this many deliveries', '50')
    .option('--json', 'print JSON')
    .action(async (options: { state: string; channel?: string; limit: string; json?: boolean }) => {
      const states =
        options.state === 'all'
          ? undefined
          : (options.state.split(',').map((s) => s.trim()) as DeliveryState[]);
      const unknown = states?.filter((s) => !STATES.includes(s)) ?? [];
      if (unknown.length > 0) throw new Error(`unknown state(s): ${unknown.join(', ')}`);
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit <= 0) throw new Error('--limit must be a positive integer');
      const report = await withDb(async (db) => {
        const repo = createDeliveriesRepo(db);
        return {
          pauses: await repo.listChannelPauses(),
          counts: await repo.countByState(),
          deliveries: await repo.listDeliveries({
            ...(states ? { states } : {}),
            ...(options.channel ? { channelId: options.channel } : {}),
            limit,
          }),
        };
      });
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      for (const p of report.pauses) console.log(`PAUSED ${p.channelId} since ${p.pausedAt}: ${p.reason}`);
      const counts = report.counts.map((c) => `${c.channelId}/${c.state}: ${c.count}`).join('  ');
      console.log(counts ? `counts  ${counts}` : 'no deliveries yet');
      for (const r of report.deliveries) console.log(formatDeliveryLine(r));
      if (report.deliveries.length === 0) console.log(`no deliveries in state ${options.state}`);
    });
}

function retryCommand(group: Command): void {
  group
    .command('retry')
    .description(
      'Re-queue failed and paused deliveries (and lift the channel pause): by id, by channel, or --all',
    )
    .argument('[ids...]', 'delivery ids (from `deliveries list`)')
    .option('--channel <id>', 'every failed or paused delivery of this channel; also resumes the channel')
    .option('--all', 'every failed or paused delivery; resumes every channel')
    .option('--json', 'print JSON')
    .action(async (ids: string[], options: { channel?: string; all?: boolean; json?: boolean }) => {
      if (ids.length === 0 && !options.channel && !options.all) {
        throw new Error('give delivery ids, --channel <id> or --all');
      }
      if (ids.some((id) => !/^\d+$/.test(id)))
        throw new Error('delivery ids are numbers (see `deliveries list`)');
      const env = loadEnv();
      const logger = pino({ level: 'warn' });
      const reset = await withDb((db) =>
        createDeliveriesRepo(db).resetForRetry({
          ...(ids.length > 0 ? { ids } : {}),
          ...(options.channel ? { channelId: options.channel } : {}),
        }),
      );
      const { queues, close: closeQueues } = await openQueues(env, logger);
      try {
        for (const [index, r] of reset.entries()) {
          // A fresh job id: the old job (failed) may still hold the versioned id.
          const jobId = deliveryJobId(
            r.storyId,
            r.channelId,
            r.contentVersion,
            `r${Date.now().toString(36)}${index}`,
          );
          await queues.deliver.add(
            deliveryJobName,
            { storyId: r.storyId, channelId: r.channelId },
            { ...deliveryJobOptions, jobId },
          );
          if (!options.json && reset.length > 20 && index % 50 === 0) {
            process.stderr.write(`queued ${index + 1}/${reset.length}\n`);
          }
        }
      } finally {
        await closeQueues();
      }
      if (options.json) console.log(JSON.stringify({ requeued: reset.map((r) => r.id) }));
      else
        console.log(
          `re-queued ${reset.length} deliveries${reset.length ? ': ' + reset.map((r) => `#${r.id}`).join(' ') : ''}`,
        );
    });
}

export const register: RegisterCommand = (program) => {
  const group = program.command('deliveries').description('Discord deliveries: list failures, retry them');
  listCommand(group);
  retryCommand(group);
};
