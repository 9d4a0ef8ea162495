/** Runs the all stages (every stage) in one process: config → runtime → workers → graceful shutdown. */
import { loadEnv } from '../src/config/env.js';
import { ALL_ROLES, runUntilSignal } from '../src/app/start-service.js';

await runUntilSignal(loadEnv(), ALL_ROLES);
