/**
 * `raqib sources silent [--json]`: sources that have gone quiet well below their own publishing rate, or whose
 * crawls or articles keep extracting nothing — the same check the running service makes every 15 minutes.
 * Registered under the `sources` group (created here if the group is not registered yet).
 */
import type { Command } from 'commander';
import { loadEnv } from '../../../config/env.js';
import { loadSources } from '../../../config/sources.js';
import { detectSilentSources, type SilentSource } from '../../../operate/silent-sources.js';
import type { RegisterCommand } from './index.js';
import { openStore } from '../../../app/cli-resources.js';

/** One line per finding, for people. */
export function formatSilentLine(s: SilentSource): string {
  return `${s.sourceId.padEnd(24)} ${s.kind.padEnd(10)} since ${s.since}  ${s.reason}`;
}

export const register: RegisterCommand = (program) => {
  const group: Command =
    program.commands.find((c) => c.name() === 'sources') ??
    program.command('sources').description('inspect and manage news sources (selectors/*.yaml)');
  group
    .command('silent')
    .description('sources gone quiet below their usual rate, or whose selectors or articles extract nothing')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const env = loadEnv();
      const sources = loadSources(env.SOURCES_DIR);
      const db = await openStore(env);
      try {
        const findings = await detectSilentSources(db, sources, new Date());
        if (options.json) console.log(JSON.stringify(findings, null, 2));
        else if (findings.length === 0) console.log('no silent sources');
        else for (const f of findings) console.log(formatSilentLine(f));
        if (findings.length > 0) process.exitCode = 2;
      } finally {
        await db.close();
      }
    });
};
