/**
 * Vitest global setup: makes sure a Redis server answers (REDIS_URL, 127.0.0.1:6379, or a private
 * redis-server started from PATH for the run) and finds PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432/test).
 * Tests read the URLs with `inject('redisUrl')` / `inject('postgresUrl')`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    postgresUrl: string | null;
  }
}

function answers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

let privateRedis: ChildProcess | undefined;
let privateDir: string | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    if (await answers('127.0.0.1', 6379)) {
      redisUrl = 'redis://127.0.0.1:6379';
    } else {
      privateDir = mkdtempSync(join(tmpdir(), 'raqib-test-redis-'));
      const port = 16379 + Math.floor(Math.random() * 1000);
      privateRedis = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          privateDir,
        ],
        { stdio: 'ignore' },
      );
      privateRedis.on('error', () => undefined);
      for (let i = 0; i < 50 && !(await answers('127.0.0.1', port)); i++)
        await new Promise((r) => setTimeout(r, 100));
      if (!(await answers('127.0.0.1', port))) {
        throw new Error(
          'No Redis: set REDIS_URL, start redis-server, or install it (apt-get install redis-server).',
        );
      }
      redisUrl = `redis://127.0.0.1:${port}`;
    }
  }
  let postgresUrl: string | null = process.env.TEST_DATABASE_URL ?? null;
  if (!postgresUrl && (await answers('127.0.0.1', 5432)))
    postgresUrl = 'postgres://postgres@127.0.0.1:5432/test';
  project.provide('redisUrl', redisUrl);
  project.provide('postgresUrl', postgresUrl);
  return async () => {
    privateRedis?.kill('SIGTERM');
    if (privateDir) rmSync(privateDir, { recursive: true, force: true });
  };
}
