/**
 * `raqib classify` and `raqib cluster` as processes: one JSON line per input line, exit 1 with the count of failed
 * lines on stderr when any line failed, exit 0 when all were read; a missing --input file names the flag.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}
const raqib = (...args: string[]): Promise<Outcome> =>
  run(process.execPath, [resolve('bin/raqib.js'), ...args], {
    cwd: resolve('.'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn' },
  }).then(
    (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
    (error: Outcome) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

let dir = '';
const good = [
  { id: 'en-1', lang: 'en', text: 'US forces completed their withdrawal from Ain al-Asad air base in Iraq.' },
  { id: 'ar-1', lang: 'ar', text: 'أعلنت الحكومة العراقية انسحاب قوات التحالف من قاعدة عين الأسد.' },
];
const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'raqib-jsonl-'));
  writeFileSync(join(dir, 'good.jsonl'), good.map((g) => JSON.stringify(g)).join('\n') + '\n');
  writeFileSync(
    join(dir, 'mixed.jsonl'),
    [
      JSON.stringify(good[0]),
      '{not json',
      JSON.stringify({ id: 'x', text: 7 }),
      JSON.stringify(good[1]),
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['classify', 'cluster'])('raqib %s exit code', (command) => {
  it('exits 1 and counts the failed lines, still one output line per input line', async () => {
    const out = await raqib(command, '--input', join(dir, 'mixed.jsonl'));
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`${command}: 2 of 4 input lines failed`);
    const rows = lines(out.stdout);
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => typeof r.error === 'string')).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: 'en-1' });
    expect(rows[3]).toMatchObject({ id: 'ar-1' });
  }, 60_000);

  it('exits 0 when every line was read', async () => {
    const out = await raqib(command, '--input', join(dir, 'good.jsonl'));
    expect(out.code).toBe(0);
    expect(lines(out.stdout)).toHaveLength(2);
  }, 60_000);

  it('names --input when the file does not exist', async () => {
    const out = await raqib(command, '--input', join(dir, 'missing.jsonl'));
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain(`--input ${join(dir, 'missing.jsonl')}: no such file`);
    expect(out.stderr).not.toMatch(/ENOENT: no such file or directory/);
  }, 60_000);
});
