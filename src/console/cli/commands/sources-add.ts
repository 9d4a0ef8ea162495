/**
 * `raqib sources add <url>`: discover an outlet's feeds, sitemaps and listing blocks, try each through the real
 * HTTP client, show what it extracts (entries with titles, links, dates; one extracted article) and write
 * `selectors/<id>.yaml` (validated by the source schema). `--dry-run` prints the YAML instead; `--json` prints
 * the whole report.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { pino } from 'pino';
import { loadEnv } from '../../../config/env.js';
import { discoverSource, type DiscoveryReport } from '../../../operate/discover-source.js';
import { openHttpClient } from '../../../app/cli-resources.js';

/** Human-readable discovery report. */
export function formatDiscoveryReport(report: DiscoveryReport): string {
  const lines = [`${report.id} — ${report.name} (${report.language})  ${report.url}`];
  for (const t of report.trials) {
    const mark = report.chosen.includes(t.layer) ? '✓' : ' ';
    const status = t.ok
      ? `ok, ${t.count} entries`
      : `no: ${t.error ?? 'nothing found'}${t.httpStatus ? ` (HTTP ${t.httpStatus})` : ''}`;
    lines.push(`${mark} ${t.layer.type.padEnd(7)} ${t.layer.url}  [${t.foundBy}]`, `          ${status}`);
    if (t.layer.type === 'listing' || t.layer.type === 'browser')
      lines.push(`          selectors: ${JSON.stringify(t.layer.selectors)}`);
    for (const s of t.sample)
      lines.push(
        `          · ${s.publishedAt ?? '(no date)'}  ${s.title.slice(0, 80)}`,
        `            ${s.url}`,
      );
  }
  if (report.article) {
    const a = report.article;
    lines.push(
      `article: ${a.url}`,
      `  title: ${a.title ?? '(none)'}`,
      `  published: ${a.publishedAt ?? '(no date)'}  language: ${a.lang ?? '?'}  ${a.words} words`,
      `  ${a.text.slice(0, 240).replace(/\s+/g, ' ')}${a.text.length > 240 ? '…' : ''}`,
    );
  }
  for (const p of report.problems) lines.push(`problem: ${p}`);
  lines.push(
    report.chosen.length > 0
      ? `layers written, in fallback order: ${report.chosen.map((l) => l.type).join(' → ')}`
      : 'nothing to write: no layer yielded entries',
  );
  return lines.join('\n');
}

export function addAddCommand(group: Command): void {
  group
    .command('add <url>')
    .description(
      "discover an outlet's feeds, sitemaps and listing blocks, show what each extracts, write selectors/<id>.yaml",
    )
    .option('--id <id>', 'source id and file name (default: from the host)')
    .option('--language <code>', 'language code (default: the page’s <html lang>, else en)')
    .option('--name <name>', 'display name (default: the page title)')
    .option('--dry-run', 'print the YAML instead of writing it')
    .option('--force', 'overwrite an existing selectors/<id>.yaml')
    .option('--json', 'print the report (with the YAML) as JSON')
    .option('--delay <ms>', 'milliseconds between requests to the outlet', '1000')
    .option('--samples <n>', 'entries shown per layer', '5')
    .option('--allow-private', 'allow loopback/private addresses (local fixture outlets only)')
    .action(
      async (
        url: string,
        options: {
          id?: string;
          language?: string;
          name?: string;
          dryRun?: boolean;
          force?: boolean;
          json?: boolean;
          delay: string;
          samples: string;
          allowPrivate?: boolean;
        },
      ) => {
        const env = loadEnv();
        const logger = pino(
          { level: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL },
          pino.destination(2),
        );
        const { http, close } = await openHttpClient(env, logger);
        try {
          const report = await discoverSource(url, http, {
            id: options.id,
            language: options.language,
            name: options.name,
            minDelayMs: Math.max(0, Number(options.delay) || 0),
            sampleSize: Math.max(0, Number(options.samples) || 0),
            allowPrivateAddresses: options.allowPrivate ?? false,
            onProgress: options.json ? undefined : (line) => console.error(line),
          });
          const file = join(env.SOURCES_DIR, `${report.id}.yaml`);
          let written: string | null = null;
          if (report.yaml && !options.dryRun) {
            if (existsSync(file) && !options.force)
              throw new Error(`${file} exists: pass --force to overwrite it, or --id to choose another id`);
            writeFileSync(file, report.yaml, { flag: options.force ? 'w' : 'wx' });
            written = file;
          }
          if (options.json) console.log(JSON.stringify({ ...report, file: written }, null, 2));
          else {
            console.log(formatDiscoveryReport(report));
            if (report.yaml && options.dryRun) console.log(`\n${report.yaml}`);
            if (written) console.log(`wrote ${written}`);
          }
          if (!report.yaml) process.exitCode = 2;
        } finally {
          await close();
        }
      },
    );
}
