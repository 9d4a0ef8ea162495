/**
 * Runs the real `raqib start` (bin/raqib.js) as a child process for whole-app tests, keeping its log lines so a
 * failing test can show them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface RaqibProcess {
  name: string;
  child: ChildProcess;
  /** Log lines (stderr and stdout) so far. */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a log line contains `text` (pino JSON: match on `"msg":"…"`). */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
}

const repoRoot = resolve(import.meta.dirname, '../..');

export function startRaqib(name: string, env: Record<string, string>, args = ['start']): RaqibProcess {
  const child = spawn(process.execPath, [resolve(repoRoot, 'bin/raqib.js'), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ text: string; done: () => void }> = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      for (const w of [...waiters]) {
        if (line.includes(w.text)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.done();
        }
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return {
    name,
    child,
    lines,
    exited,
    waitForLog(text, timeoutMs = 30_000) {
      if (lines.some((l) => l.includes(text))) return Promise.resolve();
      return new Promise<void>((done, fail) => {
        const timer = setTimeout(() => {
          fail(
            new Error(
              `${name}: no log line with ${text} within ${timeoutMs} ms\n${lines.slice(-30).join('\n')}`,
            ),
          );
        }, timeoutMs);
        waiters.push({
          text,
          done: () => {
            clearTimeout(timer);
            done();
          },
        });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          fail(
            new Error(
              `${name} exited (${code ?? signal}) before logging ${text}\n${lines.slice(-30).join('\n')}`,
            ),
          );
        });
      });
    },
  };
}
