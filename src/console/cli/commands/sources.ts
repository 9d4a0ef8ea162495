/**
 * `raqib sources …`: operator commands on source configs. `check` fetches a source through the real HTTP client and
 * shows what each layer extracts and which layer the fallback chain would pick. Siblings (`list`, `pause`,
 * `resume`) that need the database are added as further `add…Command(group)` functions.
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
import type { CandidateItem } from '../../../shared/types.js';
import { openHttpClient } from '../open-http-client.js';
import type { RegisterCommand } from './index.js';

/** What `check` found on one layer. */
export interface LayerCheck extends CrawlAttempt {
  index: number;
  sample: Array<Pick<CandidateItem, 'url' | 'title' | 'publishedAt'>>;
}

export interface SourceCheckReport {
  sourceId: string;
  name: string;
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
  return { sourceId: source.id, name: source.name, layers, chainPicks: pick ? pick.index : null };
}

/** Human-readable report. */
export function formatCheckReport(report: SourceCheckReport): string {
  const lines = [`${report.sourceId} — ${report.name}`];
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
      const browser = options.browser ? createChromiumRenderer({ logger }) : undefined;
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

export const register: RegisterCommand = (program) => {
  const group = program.command('sources').description('inspect and manage news sources (selectors/*.yaml)');
  addCheckCommand(group);
};
