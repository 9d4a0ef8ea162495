import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../../src/console/cli/commands/classify.js';

const topicsDir = join(import.meta.dirname, '../../../topics');
let dir: string;
let out: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'raqib-classify-'));
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    out.push(`${args.join(' ')}\n`);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<void> {
  const program = new Command('raqib').exitOverride();
  register(program);
  await program.parseAsync(['node', 'raqib', ...args]);
}

describe('raqib classify', () => {
  it('writes one JSON line per input line, errors included', async () => {
    const input = join(dir, 'items.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({
          id: 'a',
          lang: 'en',
          text: 'US troops began leaving Ain al-Asad air base in Iraq for Erbil.',
        }),
        JSON.stringify({ id: 'b', lang: 'ar', text: 'ارتفعت أسعار الذهب في الأسواق المحلية اليوم.' }),
        '{"id": "c", "text": 42}',
        'not json',
      ].join('\n'),
    );
    await run('classify', '--input', input, '--topics-dir', topicsDir, '--topic', 'iraq-drawdown');
    const lines = out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: 'a', alert: true, decision: 'alert' });
    expect(lines[0]!.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'frame' })]));
    expect(lines[1]).toMatchObject({ id: 'b', alert: false, decision: 'drop' });
    expect(typeof lines[1]!.score).toBe('number');
    expect(lines[2]).toMatchObject({ id: 'c' });
    expect(String(lines[2]!.error)).toContain('line 3');
    expect(String(lines[3]!.error)).toContain('line 4');
  });

  it('rejects an unknown topic', async () => {
    const input = join(dir, 'items.jsonl');
    writeFileSync(input, '');
    await expect(
      run('classify', '--input', input, '--topics-dir', topicsDir, '--topic', 'nope'),
    ).rejects.toThrow(/no topic "nope"/);
  });
});

describe('raqib explain', () => {
  it('explains a saved HTML page with its reasons', async () => {
    const page = join(dir, 'page.html');
    writeFileSync(
      page,
      `<html lang="ar"><head><title>انسحاب القوات الأمريكية</title></head><body><article><h1>القوات الأمريكية تغادر قاعدة عين الأسد</h1>
       <p>غادرت القوات الأمريكية قاعدة عين الأسد في الأنبار متجهة إلى أربيل، ضمن اتفاق إنهاء مهمة التحالف الدولي في العراق بحلول أيلول 2025.</p>
       <p>وقال مسؤول عراقي إن الانسحاب يجري وفق الجدول الزمني المتفق عليه مع واشنطن.</p></article></body></html>`,
    );
    await run('explain', page, '--topics-dir', topicsDir);
    const text = out.join('');
    expect(text).toContain('→ ALERT');
    expect(text).toContain('place: Ain al-Asad (عين الأسد)');
  });

  it('prints JSON with --json, also for a plain-text file', async () => {
    const file = join(dir, 'note.txt');
    writeFileSync(file, 'Gold prices rose again today in Cairo.');
    await run('explain', file, '--topics-dir', topicsDir, '--json');
    const parsed = JSON.parse(out.join('')) as { decision: string; method: string; reasons: unknown[] };
    expect(parsed.decision).toBe('drop');
    expect(parsed.method).toBe('plain text');
    expect(parsed.reasons.length).toBeGreaterThan(0);
  });
});
