/**
 * The subcommands `raqib --help` lists, each with the module(s) that define it. Nothing here imports a command
 * module: `main.ts` loads one only when its command runs, so `raqib --help` and every command start without loading
 * the others (the runtime, the extractor, the database drivers). tests/unit/console/command-table.test.ts checks
 * that each entry matches what its module registers.
 */
import type { RegisterCommand } from './commands/index.js';

export interface LazyCommand {
  name: string;
  /** As the help lists it (name, options, arguments). */
  term: string;
  description: string;
  load: () => Promise<RegisterCommand[]>;
}

const one = (load: () => Promise<{ register: RegisterCommand }>) => async () => [(await load()).register];

const classify = one(() => import('./commands/classify.js'));

export const commandTable: LazyCommand[] = [
  {
    name: 'start',
    term: 'start [options]',
    description: 'run raqib: crawl schedules and every stage worker in this process (SIGTERM/SIGINT to stop)',
    load: one(() => import('./commands/start.js')),
  },
  {
    name: 'demo',
    term: 'demo [options]',
    description:
      'run the real pipeline against recorded and constructed outlet pages served on 127.0.0.1 (no network); ' +
      'alerts print to the console, or post to Discord when configured',
    load: one(() => import('./commands/demo.js')),
  },
  {
    name: 'sources',
    term: 'sources',
    description: 'inspect and manage news sources (selectors/*.yaml)',
    load: async () => [
      (await import('./commands/sources.js')).register,
      (await import('./commands/sources-silent.js')).register,
    ],
  },
  {
    name: 'classify',
    term: 'classify [options]',
    description:
      'classify JSON lines {id, lang, text[, title, url, publishedAt]}; prints one JSON line per input',
    load: classify,
  },
  {
    name: 'explain',
    term: 'explain [options] <target>',
    description: 'show the relevance decision for one page (URL or saved HTML/text file) with its reasons',
    load: classify,
  },
  {
    name: 'extract',
    term: 'extract [options] <files...>',
    description: 'extract title, main text, language, direction, date and author from saved article pages',
    load: one(() => import('./commands/extract.js')),
  },
  {
    name: 'cluster',
    term: 'cluster [options]',
    description:
      'assign JSONL items (id, lang, text; optional title, url, publishedAt) to stories; one JSON line out per line in',
    load: one(() => import('./commands/cluster.js')),
  },
  {
    name: 'deliveries',
    term: 'deliveries',
    description: 'Discord deliveries: list failures, retry them',
    load: one(() => import('./commands/deliveries.js')),
  },
  {
    name: 'dashboard',
    term: 'dashboard [options]',
    description:
      'serve only the web dashboard and /metrics (no workers), on DASHBOARD_HOST:DASHBOARD_PORT (127.0.0.1:8787)',
    load: one(() => import('./commands/dashboard.js')),
  },
  {
    name: 'replay',
    term: 'replay [options]',
    description:
      're-run dedupe and classification over stored items and show what would have been posted differently (posts and writes nothing)',
    load: one(() => import('./commands/replay.js')),
  },
  {
    name: 'digest',
    term: 'digest',
    description: 'the daily digest: preview it, or send it now',
    load: one(() => import('./commands/digest.js')),
  },
];
