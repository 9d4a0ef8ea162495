/**
 * Prints what every layer of every source extracts from its fixtures (the offline twin of `raqib sources check`).
 * Run: `npx tsx tests/sources/print-fixture-report.ts`.
 */
import { join } from 'node:path';
import { loadSources } from '../../src/config/sources.js';
import { checkSource } from '../../src/console/cli/commands/sources.js';
import { createFixtureHttpClient } from './fixture-http.js';

for (const source of loadSources(join(import.meta.dirname, '../../selectors'))) {
  const report = await checkSource(source, { http: createFixtureHttpClient(source.id), sampleSize: 0 });
  const layers = report.layers.map((l) => `${l.layer}:${l.ok ? l.count : 'x'}`).join(' ');
  console.log(`${source.id.padEnd(20)} ${layers.padEnd(36)} chain→${report.chainPicks ?? '-'}`);
}
