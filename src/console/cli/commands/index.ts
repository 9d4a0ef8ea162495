/** Every subcommand's `register`. Add one line per command module. */
import type { Command } from 'commander';
import { register as classify } from './classify.js';
import { register as cluster } from './cluster.js';
import { register as deliveries } from './deliveries.js';
import { register as dashboard } from './dashboard.js';
import { register as demo } from './demo.js';
import { register as digest } from './digest.js';
import { register as extract } from './extract.js';
import { register as replay } from './replay.js';
import { register as sources } from './sources.js';
import { register as sourcesSilent } from './sources-silent.js';
import { register as start } from './start.js';

export type RegisterCommand = (program: Command) => void;

export const commandModules: RegisterCommand[] = [
  start,
  demo,
  sources,
  sourcesSilent,
  classify,
  extract,
  cluster,
  deliveries,
  dashboard,
  replay,
  digest,
];
