/**
 * `raqib replay --since 7d [--topic ID] [--alert-threshold X] [--digest-threshold Y] [--topics-dir DIR] [--json]`:
 * re-run dedupe and classification over stored items with the current (or given) topic files and thresholds and
 * show what would have been posted differently. Posts nothing and writes nothing; progress goes to stderr.
 */
import { resolve } from 'node:path';
import type { CompiledTopic } from '../../../classify/compile-topic.js';
import { loadTopics } from '../../../classify/load-topics.js';
import { parseDurationMs } from '../../../config/duration.js';
import { loadEnv } from '../../../config/env.js';
import { loadGazetteerDir } from '../../../dedupe/load-gazetteer-dir.js';
import { replayItems, type ItemChange, type ReplayReport } from '../../../operate/replay.js';
import type { RegisterCommand } from './index.js';
import { openStore } from '../../../app/cli-resources.js';

export interface TopicOverrides {
  topic?: string | undefined;
  alertThreshold?: number | undefined;
  digestThreshold?: number | undefined;
}

/** The topics to replay with: one topic when asked, thresholds overridden; throws on an unknown id or bad values. */
export function selectReplayTopics(topics: CompiledTopic[], o: TopicOverrides): CompiledTopic[] {
  const chosen = o.topic ? topics.filter((t) => t.id === o.topic) : topics;
  if (o.topic && chosen.length === 0)
    throw new Error(`no topic "${o.topic}" (have: ${topics.map((t) => t.id).join(', ') || 'none'})`);
  for (const [name, value] of [
    ['--alert-threshold', o.alertThreshold],
    ['--digest-threshold', o.digestThreshold],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 1))
      throw new Error(`${name} must be a number from 0 to 1`);
  }
  return chosen.map((t) => {
    const alert = o.alertThreshold ?? t.thresholds.alert;
    const digest = o.digestThreshold ?? Math.min(t.thresholds.digest, alert);
    if (digest > alert)
      throw new Error(`${t.id}: digest threshold ${digest} is above alert threshold ${alert}`);
    return { ...t, thresholds: { alert, digest } };
  });
}

const fmtScore = (s: number | null) => (s === null ? '—' : s.toFixed(3));

function changeLine(mark: string, c: ItemChange): string {
  const title = (c.title ?? c.url).replace(/\s+/g, ' ').slice(0, 90);
  const line = `  ${mark} ${c.itemId} [${c.sourceId}] ${c.before.decision ?? '—'} ${fmtScore(c.before.score)} → ${c.after.decision ?? '—'} ${fmtScore(c.after.score)}  ${title}`;
  if (c.before.decision === c.after.decision) return line;
  // The rule that changed the decision: the replayed one, or the stored one that no longer applies.
  const rule = c.after.rule ?? (c.before.rule ? `no longer ${c.before.rule}` : null);
  return rule ? `${line}\n      because ${rule}` : line;
}

/** The report for people. */
export function formatReplayReport(r: ReplayReport, listLimit = 50): string {
  const out: string[] = [];
  const thresholds = r.topics.map((t) => `${t.id} (alert ≥ ${t.alert}, digest ≥ ${t.digest})`).join(', ');
  out.push(`replay ${r.since} → ${r.until} · ${r.items} items · ${thresholds || 'no topics'}`);
  const counts = (c: ReplayReport['before']) =>
    `alert ${c.alert} · digest ${c.digest} · drop ${c.drop}${c.other ? ` · other ${c.other}` : ''}`;
  out.push(`posted alerts (stories): stored ${r.before.alertedStories} → replay ${r.after.alertedStories}`);
  out.push(`decisions stored: ${counts(r.before)}`);
  out.push(`decisions replay: ${counts(r.after)}`);
  const section = (title: string, mark: string, list: ItemChange[]) => {
    out.push('', `${title} (${list.length}):`);
    for (const c of list.slice(0, listLimit)) out.push(changeLine(mark, c));
    if (list.length > listLimit) out.push(`  … ${list.length - listLimit} more (use --json)`);
  };
  section('would now be posted', '+', r.newlyAlerted);
  section('would no longer be posted', '-', r.noLongerAlerted);
  const posting = new Set([...r.newlyAlerted, ...r.noLongerAlerted].map((c) => c.itemId));
  section(
    'other decision changes',
    '~',
    r.decisionChanges.filter((c) => !posting.has(c.itemId)),
  );
  out.push('', `story changes (${r.storyChanges.length}):`);
  for (const c of r.storyChanges.slice(0, listLimit)) {
    const dup = (id: string | null) => (id ? ` dup of ${id}` : '');
    out.push(
      `  * ${c.itemId} [${c.sourceId}] ${c.before.storyId ?? '—'}${dup(c.before.duplicateOf)} → ${c.after.storyId ?? '—'}${dup(c.after.duplicateOf)}`,
    );
  }
  if (r.storyChanges.length > listLimit)
    out.push(`  … ${r.storyChanges.length - listLimit} more (use --json)`);
  if (r.contentHashChanges > 0)
    out.push('', `content hashes that differ from the stored ones: ${r.contentHashChanges}`);
  return out.join('\n');
}

interface ReplayCliOptions {
  since: string;
  topic?: string;
  alertThreshold?: string;
  digestThreshold?: string;
  topicsDir?: string;
  json?: boolean;
  limit: string;
}

const optionalNumber = (v: string | undefined) => (v === undefined ? undefined : Number(v));

export const register: RegisterCommand = (program) => {
  program
    .command('replay')
    .description(
      're-run dedupe and classification over stored items and show what would have been posted differently (posts and writes nothing)',
    )
    .option('--since <duration>', 'items fetched in the last … (e.g. 7d, 12h)', '7d')
    .option('--topic <id>', 'classify with this topic only')
    .option('--alert-threshold <x>', 'alert threshold to try (0–1)')
    .option('--digest-threshold <x>', 'digest threshold to try (0–1)')
    .option('--topics-dir <dir>', 'topic files to try (default: TOPICS_DIR)')
    .option('--limit <n>', 'items listed per section (text output)', '50')
    .option('--json', 'print the full report as JSON')
    .action(async (options: ReplayCliOptions) => {
      const env = loadEnv();
      const topicsDir = resolve(options.topicsDir ?? env.TOPICS_DIR);
      const topics = selectReplayTopics(loadTopics(topicsDir), {
        topic: options.topic,
        alertThreshold: optionalNumber(options.alertThreshold),
        digestThreshold: optionalNumber(options.digestThreshold),
      });
      const until = new Date();
      const since = new Date(until.getTime() - parseDurationMs(options.since));
      const db = await openStore(env);
      try {
        const report = await replayItems(db, {
          since,
          until,
          topics,
          ...(options.topic ? { onlyTopicId: options.topic } : {}),
          gazetteer: loadGazetteerDir(topicsDir),
          onProgress: (done, total) => console.error(`replayed ${done}/${total} items`),
        });
        console.log(
          options.json
            ? JSON.stringify(report, null, 2)
            : formatReplayReport(report, Number(options.limit) || 50),
        );
      } finally {
        await db.close();
      }
    });
};
