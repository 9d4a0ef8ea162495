/**
 * A pid lock file for single-process resources (the embedded PGlite database). A second raqib process gets a
 * clear message instead of corrupting the files; a stale lock left by a killed process is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take `<dir>/raqib.lock` or throw naming `what`; returns the release function. */
export function acquireDirLock(dir: string, what: string): () => void {
  const file = join(dir, 'raqib.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `${what} in ${dir} is in use by process ${pid}. Embedded mode runs one raqib process; ` +
            'set DATABASE_URL to a PostgreSQL server to run several.',
          { cause: error },
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}
