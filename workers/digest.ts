/** Runs the digest stage in one process: config → runtime → workers → graceful shutdown. */
import { loadEnv } from '../src/config/env.js';
import { runUntilSignal } from '../src/console/run-service.js';

await runUntilSignal(loadEnv(), ['digest']);
