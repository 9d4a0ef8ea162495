/**
 * `raqib extract` as a process: one JSON line per input, in order, and exit code 1 when any input failed (a missing
 * file), 0 when all were read. Uses a RECORDED Euronews English article fixture.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ARTICLE = 'tests/fixtures/sources/euronews-english/article-1.html';
const raqib = (...args: string[]) =>
  run(process.execPath, [resolve('bin/raqib.js'), 'extract', ...args], {
    cwd: resolve('.'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn' },
  });

describe('raqib extract exit code', () => {
  it('exits 1 when an input fails, still printing a line for every input', async () => {
    const failure = await raqib('/nonexistent/page.html', ARTICLE, '--json').then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const lines = (failure?.stdout ?? '')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ file: '/nonexistent/page.html' });
    expect(String(lines[0]?.error)).toMatch(/ENOENT/);
    expect(lines[1]).toMatchObject({ file: ARTICLE });
    expect(String(lines[1]?.title).length).toBeGreaterThan(10);
  }, 30_000);

  it('exits 0 when every input was read', async () => {
    const ok = await raqib(ARTICLE, '--json');
    expect(JSON.parse(ok.stdout.trim())).toMatchObject({ file: ARTICLE });
  }, 30_000);

  it('names an empty body among the extraction problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'raqib-extract-'));
    try {
      const file = join(dir, 'links-only.html');
      const links = ['World', 'Iraq', 'العراق', 'سياسة'].map((w) => `<a href="/${w}">${w}</a>`).join(' ');
      writeFileSync(file, `<html><body><nav>${links}</nav><ul><li>${links}</li></ul></body></html>`);
      const out = await raqib(file, ARTICLE, '--json');
      const [empty, article] = out.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(empty).toMatchObject({ file, problems: ['empty-body'] });
      expect(article).not.toHaveProperty('problems');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
