/** Runs the article stage in one process: config → runtime → workers → graceful shutdown. */
import { loadEnv } from '../src/config/env.js';
import { runUntilSignal } from '../src/app/start-service.js';

await runUntilSignal(loadEnv(), ['article']);
