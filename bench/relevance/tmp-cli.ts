import { Command } from 'commander';
import { register } from '../../src/console/cli/commands/classify.js';
const program = new Command('raqib'); register(program);
try { await program.parseAsync(process.argv); } catch (e) { console.error((e as Error).message); process.exitCode = 1; }
