/* global process, console */
// `npm ci` / `npm install` run this (the `prepare` script): compile the CLI to dist/ so `raqib` starts without
// compiling TypeScript. In the Docker image's dependency layer the sources are not copied yet; the build runs there
// after `COPY . .` instead, so here a missing src/ is skipped, not an error. A failing build fails the install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('src/console/cli/main.ts') || !existsSync('tsconfig.build.json')) {
  console.error('prepare: no sources yet, skipping the build (run `npm run build` later)');
} else {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
