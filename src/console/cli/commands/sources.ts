/**
 * `raqib sources …`: operator commands on source configs. `check` fetches a source through the real HTTP client and
 * shows what each layer extracts and which layer the fallback chain would pick; `list` shows each source's health;
 * `pause` / `resume` act on the health record through the pipeline (crawls skip a paused source). Further
 * subcommands register on the same group (see sources-silent.ts).
 */
import type { Command } from 'commander';
import { pino } from 'pino';
import { loadEnv } from '../../../config/env.js';
import type { Source } from '../../../config/source-schema.js';
import { loadSources } from '../../../config/sources.js';
import { createChromiumRenderer } from '../../../fetch/browser/chromium-renderer.js';
import type { BrowserRenderer } from '../../../fetch/browser/browser-types.js';
import { crawlSource, type CrawlAttempt } from '../../../fetch/crawl-source.js';
import type { HttpClient } from '../../../fetch/http/http-types.js';
import { pauseSourceByOperator, resumeSourceByOperator } from '../../../operate/source-control.js';
import type { CandidateItem } from '../../../shared/types.js';
import type { Db } from '../../../store/db.js';
import { articleErrorsBySource } from '../../../store/console-queries.js';
import { listSourceHealth, syncSources } from '../../../store/sources-repo.js';
import { openHttpClient } from '../../../app/cli-resources.js';
import type { RegisterCommand } from './index.js';
import { addAddCommand } from './sources-add.js';
import { openStore } from '../../../app/cli-resources.js';

/** What `check` found on one layer. */
export interface LayerCheck extends CrawlAttempt {
  index: number;
  sample: Array<Pick<CandidateItem, 'url' | 'title' | 'publishedAt'>>;
}

export interface SourceCheckReport {
  sourceId: string;
  name: string;
  /** Whether robots.txt is obeyed, and the stated reason when the source overrides it. */
  robots: { obey: boolean; overrideReason: string | null };
  layers: LayerCheck[];
  /** Index of the layer the chain would use now (first that yields items), or null. */
  chainPicks: number | null;
}

/**
 * Run every layer of `source` on its own and report. Requests are unconditional so a 304 cannot hide what a layer
 * holds. Staleness is not judged (that needs the crawl history); `crawlSource` does it in the pipeline.
 */
export async function checkSource(
  source: Source,
  deps: {
    http: HttpClient;
    browser?: BrowserRenderer;
    sampleSize?: number;
    onProgress?: (line: string) => void;
  },
): Promise<SourceCheckReport> {
  const http: HttpClient = {
    fetchText: (url, policy, options) => deps.http.fetchText(url, policy, { ...options, conditional: false }),
    close: () => deps.http.close(),
  };
  const layers: LayerCheck[] = [];
  for (const [index, layer] of source.fetch.entries()) {
    deps.onProgress?.(`checking layer ${index} (${layer.type}) ${layer.url}`);
    const outcome = await crawlSource({ ...source, fetch: [layer] }, { http, browser: deps.browser });
    const attempt = outcome.attempts[0] ?? {
      layer: layer.type,
      url: layer.url,
      ok: false,
      count: 0,
      error: 'not run',
    };
    layers.push({
      ...attempt,
      index,
      sample: outcome.candidates
        .slice(0, deps.sampleSize ?? 5)
        .map((c) => ({ url: c.url, title: c.title, publishedAt: c.publishedAt })),
    });
  }
  const pick = layers.find((l) => l.ok && l.count > 0);
  return {
    sourceId: source.id,
    name: source.name,
    robots: { obey: source.robots.obey, overrideReason: source.robots.overrideReason ?? null },
    layers,
    chainPicks: pick ? pick.index : null,
  };
}

/** Human-readable report. */
export function formatCheckReport(report: SourceCheckReport): string {
  const lines = [`${report.sourceId} — ${report.name}`];
  if (!report.robots.obey)
    lines.push(`robots.txt NOT obeyed: ${report.robots.overrideReason ?? '(no reason given)'}`);
  for (const l of report.layers) {
    const mark = report.chainPicks === l.index ? '→' : ' ';
    const status = l.ok ? `ok, ${l.count} items` : `FAILED: ${l.error ?? 'unknown'}`;
    lines.push(`${mark} [${l.index}] ${l.layer.padEnd(7)} ${l.url}`, `        ${status}`);
    if (l.dropped?.length) {
      const reasons = new Map<string, number>();
      for (const d of l.dropped) reasons.set(d.reason, (reasons.get(d.reason) ?? 0) + 1);
      lines.push(`        dropped: ${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}`);
    }
    for (const s of l.sample)
      lines.push(`        · ${s.publishedAt ?? '(no date)'}  ${s.title.slice(0, 80)}`, `          ${s.url}`);
  }
  lines.push(
    report.chainPicks === null
      ? 'chain: no layer yields items — the source would record a failure'
      : `chain would use layer ${report.chainPicks} (${report.layers[report.chainPicks]?.layer})`,
  );
  return lines.join('\n');
}

function addCheckCommand(group: Command): void {
  group
    .command('check <id>')
    .description(
      'fetch a source through the real HTTP client and show what each layer extracts and which the chain picks',
    )
    .option('--json', 'print the report as JSON')
    .option('--browser', 'also run browser layers (starts chromium)')
    .option('--samples <n>', 'items shown per layer', '5')
    .action(async (id: string, options: { json?: boolean; browser?: boolean; samples: string }) => {
      const env = loadEnv();
      const source = loadSources(env.SOURCES_DIR).find((s) => s.id === id);
      if (!source) throw new Error(`no source "${id}" in ${env.SOURCES_DIR}`);
      const logger = pino({ level: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL }, pino.destination(2));
      const { http, close } = await openHttpClient(env, logger);
      const browser = options.browser
        ? createChromiumRenderer({ logger, executablePath: env.CHROMIUM_PATH })
        : undefined;
      try {
        const report = await checkSource(source, {
          http,
          browser,
          sampleSize: Math.max(0, Number(options.samples) || 0),
          onProgress: options.json ? undefined : (line) => console.error(line),
        });
        console.log(options.json ? JSON.stringify(report, null, 2) : formatCheckReport(report));
        if (report.chainPicks === null) process.exitCode = 2;
      } finally {
        await browser?.close();
        await close();
      }
    });
}

/** One source as `sources list` shows it: its config and its health record. */
export interface SourceStatus {
  id: string;
  name: string;
  language: string | null;
  /** In selectors/ now (false: only in the database, from an earlier configuration). */
  configured: boolean;
  enabled: boolean;
  /** The fallback chain's layer types, in order. */
  chain: string[];
  intervalMs: number | null;
  paused: boolean;
  pauseReason: string | null;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  /** Layer that served the last successful crawl. */
  lastLayer: string | null;
  /** Items the last successful crawl found (0 after a 304). */
  lastItemCount: number | null;
  nextAttemptAt: string | null;
  /** The stated reason when the source's YAML overrides robots.txt (`robots.obey: false`), else null. */
  robotsOverrideReason: string | null;
  /** Items of the last 24 h stored from their feed entry because the article page failed. */
  articleErrors24h: number;
  /** The newest of those errors (`<fetch code>: <message>`). */
  lastArticleError: string | null;
  lastArticleErrorAt: string | null;
}

const DAY_MS = 24 * 3_600_000;

/** Configured sources joined with their health records (sources never started show as never crawled). */
export async function listSourceStatus(
  db: Db,
  configured: Source[],
  now = new Date(),
): Promise<SourceStatus[]> {
  const rows = new Map((await listSourceHealth(db)).map((r) => [r.id, r]));
  const articleErrors = await articleErrorsBySource(db, new Date(now.getTime() - DAY_MS));
  const byId = new Map(configured.map((s) => [s.id, s]));
  const ids = [...new Set([...byId.keys(), ...rows.keys()])].sort();
  return ids.map((id) => {
    const source = byId.get(id);
    const row = rows.get(id);
    return {
      id,
      name: source?.name ?? row?.name ?? id,
      language: source?.language ?? row?.language ?? null,
      configured: source !== undefined,
      enabled: source?.enabled ?? false,
      chain: source?.fetch.map((l) => l.type) ?? [],
      intervalMs: source?.interval ?? null,
      paused: row?.paused ?? false,
      pauseReason: row?.pauseReason ?? null,
      consecutiveFailures: row?.consecutiveFailures ?? 0,
      lastSuccessAt: row?.lastSuccessAt ?? null,
      lastErrorAt: row?.lastErrorAt ?? null,
      lastError: row?.lastError ?? null,
      lastLayer: row?.lastLayer ?? null,
      lastItemCount: row?.lastItemCount ?? null,
      nextAttemptAt: row?.nextAttemptAt ?? null,
      robotsOverrideReason:
        source && !source.robots.obey ? (source.robots.overrideReason ?? '(no reason given)') : null,
      articleErrors24h: articleErrors.get(id)?.count ?? 0,
      lastArticleError: articleErrors.get(id)?.lastError ?? null,
      lastArticleErrorAt: articleErrors.get(id)?.lastAt ?? null,
    };
  });
}

function ago(iso: string | null, now: Date): string {
  if (!iso) return 'never';
  const s = Math.round((now.getTime() - Date.parse(iso)) / 1000);
  if (s < 0) return `in ${-s}s`;
  if (s < 120) return `${s}s ago`;
  if (s < 7200) return `${Math.round(s / 60)}m ago`;
  if (s < 172_800) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

/** The state word of a source: paused, disabled, backing off, failing, ok, or never crawled. */
export function sourceState(s: SourceStatus, now: Date): string {
  if (!s.configured) return 'removed';
  if (s.paused) return 'PAUSED';
  if (!s.enabled) return 'disabled';
  if (s.nextAttemptAt && Date.parse(s.nextAttemptAt) > now.getTime()) return 'backoff';
  if (s.consecutiveFailures > 0) return 'failing';
  return s.lastSuccessAt ? 'ok' : 'new';
}

/** Human-readable table, one source per line plus a line for a pause reason or the last error. */
export function formatSourceList(list: SourceStatus[], now = new Date()): string {
  const lines = [
    `${'SOURCE'.padEnd(24)} ${'STATE'.padEnd(8)} ${'LAYER'.padEnd(8)} ${'ITEMS'.padStart(5)}  ${'LAST OK'.padEnd(10)} LAST ERROR`,
  ];
  for (const s of list) {
    const items = s.lastItemCount === null ? '-' : String(s.lastItemCount);
    const error = s.lastErrorAt
      ? `${ago(s.lastErrorAt, now)}${s.consecutiveFailures > 0 ? ` (${s.consecutiveFailures} in a row)` : ''}`
      : '-';
    lines.push(
      `${s.id.padEnd(24)} ${sourceState(s, now).padEnd(8)} ${(s.lastLayer ?? '-').padEnd(8)} ${items.padStart(5)}  ${ago(s.lastSuccessAt, now).padEnd(10)} ${error}`,
    );
    if (s.paused) lines.push(`${''.padEnd(26)}paused: ${s.pauseReason ?? 'by an operator'}`);
    else if (s.consecutiveFailures > 0 && s.lastError)
      lines.push(`${''.padEnd(26)}error: ${s.lastError.slice(0, 160)}`);
    if (s.articleErrors24h > 0)
      lines.push(
        `${''.padEnd(26)}article pages failed (24 h): ${s.articleErrors24h}, last ${ago(s.lastArticleErrorAt, now)}: ${(s.lastArticleError ?? '').slice(0, 140)}`,
      );
    if (s.robotsOverrideReason)
      lines.push(`${''.padEnd(26)}robots.txt not obeyed: ${s.robotsOverrideReason}`);
  }
  return lines.join('\n');
}

/** Open the database with the configured sources mirrored in (so a source never crawled can be paused too). */
async function openSourcesDb(): Promise<{ db: Db; sources: Source[] }> {
  const env = loadEnv();
  const sources = loadSources(env.SOURCES_DIR);
  const db = await openStore(env);
  try {
    await syncSources(db, sources);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { db, sources };
}

function addListCommand(group: Command): void {
  group
    .command('list')
    .description('every source with its health: state, layer used, items per crawl, last success and error')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { db, sources } = await openSourcesDb();
      try {
        const list = await listSourceStatus(db, sources);
        console.log(options.json ? JSON.stringify(list, null, 2) : formatSourceList(list));
      } finally {
        await db.close();
      }
    });
}

function addPauseCommands(group: Command): void {
  group
    .command('pause <id>')
    .description('stop crawling a source until `sources resume` (running workers see it at the next crawl)')
    .option('--reason <text>', 'why, shown in `sources list` and the dashboard', 'paused by an operator')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { reason: string; json?: boolean }) => {
      const { db } = await openSourcesDb();
      try {
        if (!(await pauseSourceByOperator(db, id, options.reason))) throw new Error(`no source "${id}"`);
        console.log(
          options.json
            ? JSON.stringify({ id, paused: true, pauseReason: options.reason })
            : `${id}: paused (${options.reason})`,
        );
      } finally {
        await db.close();
      }
    });
  group
    .command('resume <id>')
    .description('crawl a paused source again; failures and backoff are cleared')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const { db } = await openSourcesDb();
      try {
        if (!(await resumeSourceByOperator(db, id))) throw new Error(`no source "${id}"`);
        console.log(
          options.json ? JSON.stringify({ id, paused: false, pauseReason: null }) : `${id}: resumed`,
        );
      } finally {
        await db.close();
      }
    });
}

/** The `sources` group; other modules (e.g. sources-silent.ts) add their subcommands to the same group. */
export const register: RegisterCommand = (program) => {
  const group =
    program.commands.find((c) => c.name() === 'sources') ??
    program.command('sources').description('inspect and manage news sources (selectors/*.yaml)');
  addListCommand(group);
  addCheckCommand(group);
  addPauseCommands(group);
  addAddCommand(group);
};
