#!/usr/bin/env node
// Launcher. Runs the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs through `prepare`) when it
// is there, else registers tsx and runs the TypeScript source (development; RAQIB_FROM_SOURCE=1 forces this).
// Either way the CLI runs in this process, so signals (SIGTERM, SIGINT) reach the application directly.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/console/cli/main.js', import.meta.url);
if (process.env.RAQIB_FROM_SOURCE !== '1' && existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/console/cli/main.ts');
}
