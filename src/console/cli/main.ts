/**
 * The `raqib` command line. Each subcommand lives in `commands/<name>.ts` and exports `register(program)`;
 * `command-table.ts` lists them for the help. Only the invoked command's module is imported (in the action of its
 * placeholder), so start-up costs what that command needs and `raqib --help` loads no command at all.
 */
import { Command } from 'commander';
import { commandTable, type LazyCommand } from './command-table.js';

const VERSION = '0.1.0';
const DESCRIPTION =
  'رقيب — watches news outlets, deduplicates stories, classifies relevance and alerts Discord';

function newProgram(): Command {
  return new Command('raqib').description(DESCRIPTION).version(VERSION).showHelpAfterError();
}

/** The real command: its module registers it on a fresh program, which parses the same arguments again. */
async function runLoaded(entry: LazyCommand, argv: string[]): Promise<void> {
  const program = newProgram();
  for (const register of await entry.load()) register(program);
  await program.parseAsync(argv);
}

const program = newProgram();
const terms = new Map(commandTable.map((e) => [e.name, e.term]));
program.configureHelp({
  subcommandTerm: (cmd) => terms.get(cmd.name()) ?? (cmd.name() === 'help' ? 'help [command]' : cmd.name()),
});
for (const entry of commandTable) {
  program
    .command(entry.name)
    .description(entry.description)
    .helpOption(false) // `raqib <command> --help` reaches the real command
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action(() => runLoaded(entry, process.argv));
}
program.addHelpText('after', '\nRun `raqib <command> --help` for the options of one command.');

try {
  const [first, second] = process.argv.slice(2);
  // `raqib help <command>` is `raqib <command> --help` (the placeholders know no options).
  const target = first === 'help' && second ? commandTable.find((e) => e.name === second) : undefined;
  if (target) await runLoaded(target, [...process.argv.slice(0, 2), second as string, '--help']);
  else await program.parseAsync(process.argv);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
