/**
 * The `raqib` command line. Each subcommand lives in `commands/<name>.ts` and exports `register(program)`.
 */
import { Command } from 'commander';
import { commandModules } from './commands/index.js';

const program = new Command('raqib')
  .description('رقيب — watches news outlets, deduplicates stories, classifies relevance and alerts Discord')
  .version('0.1.0')
  .showHelpAfterError();

for (const register of commandModules) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
