import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandTable } from '../../../src/console/cli/command-table.js';
import { commandModules } from '../../../src/console/cli/commands/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const registered = () => {
  const program = new Command('raqib');
  for (const register of commandModules) register(program);
  return program.commands;
};

/** The help term commander would build for a real command: name, [options], arguments. */
const termOf = (c: Command) =>
  [
    c.name(),
    c.options.length > 0 ? '[options]' : '',
    ...c.registeredArguments.map((a) => {
      const n = `${a.name()}${a.variadic ? '...' : ''}`;
      return a.required ? `<${n}>` : `[${n}]`;
    }),
  ]
    .filter(Boolean)
    .join(' ');

describe('the lazy command table', () => {
  it('lists every command the modules register, in order, with the same description and help term', () => {
    const real = registered();
    expect(commandTable.map((e) => e.name)).toEqual(real.map((c) => c.name()));
    for (const c of real) {
      const entry = commandTable.find((e) => e.name === c.name());
      expect(entry?.description, c.name()).toBe(c.description());
      expect(entry?.term, c.name()).toBe(termOf(c));
    }
  });

  it("loads, for each entry, the module that registers that entry's command", async () => {
    for (const entry of commandTable) {
      const program = new Command('raqib');
      for (const register of await entry.load()) register(program);
      expect(
        program.commands.map((c) => c.name()),
        entry.name,
      ).toContain(entry.name);
    }
  });
});

describe('raqib through bin/raqib.js', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [resolve(repoRoot, 'bin/raqib.js'), ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, RAQIB_FROM_SOURCE: '1' },
    });

  it('lists every command in --help', () => {
    const out = run('--help');
    expect(out.status).toBe(0);
    for (const entry of commandTable) expect(out.stdout).toContain(entry.term);
  });

  it.each([
    ['extract', '--time-zone'],
    ['digest', 'preview'],
    ['sources', 'silent'],
    ['explain', '--second-opinion'],
  ])('`%s --help` shows the real command (%s)', (name, expected) => {
    const out = run(name, '--help');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(expected);
    const viaHelp = run('help', name);
    expect(viaHelp.stdout).toContain(expected);
  });

  it('passes arguments to the real command and keeps its exit code and message', () => {
    const out = run('classify', '--input', 'no-such-file.jsonl');
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('--input no-such-file.jsonl: no such file');
    const unknown = run('no-such-command');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain("unknown command 'no-such-command'");
  });
});
