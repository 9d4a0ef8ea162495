#!/usr/bin/env node
// Thin launcher: registers tsx in this process and runs the TypeScript CLI, so `npx raqib …` works right
// after `npm ci` and signals (SIGTERM, SIGINT) reach the application directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/console/cli/main.ts');
