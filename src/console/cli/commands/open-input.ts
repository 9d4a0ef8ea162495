/**
 * Opens the `--input` file of a line-oriented command (or stdin for `-`). A missing or unreadable file is an error
 * that names the flag, not a raw ENOENT from the stream.
 */
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';

export function openInput(input: string, flag = '--input'): Readable {
  if (input === '-') return process.stdin;
  const path = resolve(input);
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `${flag} ${input}: no such file`
        : `${flag} ${input}: cannot read (${code ?? (error as Error).message})`,
      { cause: error },
    );
  }
  if (!isFile) throw new Error(`${flag} ${input}: not a file`);
  return createReadStream(path, 'utf8');
}

/** Sets a failing exit code and says how many input lines failed (stdout keeps one JSON line per input line). */
export function reportFailedLines(command: string, failed: number, total: number): void {
  if (failed === 0) return;
  process.stderr.write(`${command}: ${failed} of ${total} input lines failed\n`);
  process.exitCode = 1;
}
