/**
 * Finds Redis: REDIS_URL when set; else 127.0.0.1:6379 when it answers; else a private `redis-server` from PATH
 * with append-only persistence under `<dataDir>/redis`, listening on a unix socket, stopped on exit.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';

export interface RedisTarget {
  /** ioredis / BullMQ connection options. */
  options: {
    host?: string;
    port?: number;
    path?: string;
    username?: string;
    password?: string;
    db?: number;
    tls?: object;
  };
  description: string;
  /** Stops a private server this process started (no-op otherwise). */
  stop(): Promise<void>;
}

export class RedisUnavailableError extends Error {}

function probe(target: { host?: string; port?: number; path?: string }, timeoutMs = 800): Promise<boolean> {
  return new Promise((done) => {
    const socket = target.path
      ? createConnection({ path: target.path })
      : createConnection({ host: target.host ?? '127.0.0.1', port: target.port ?? 6379 });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => {
      socket.write('PING\r\n');
      socket.once('data', (data) => finish(data.toString().startsWith('+PONG')));
    });
  });
}

function optionsFromUrl(url: string): RedisTarget['options'] {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

const NO_REDIS_HELP = `raqib needs Redis and found none.
  - Debian/Ubuntu: sudo apt-get install redis-server
  - macOS: brew install redis
  - Docker: docker compose up -d redis   (then REDIS_URL=redis://127.0.0.1:6379)
  or set REDIS_URL to an existing server.`;

/** Resolve (and if needed start) the Redis server raqib will use. */
export async function resolveRedis(options: {
  redisUrl?: string | undefined;
  dataDir: string;
  logger: Logger;
}): Promise<RedisTarget> {
  const none = async () => undefined;
  if (options.redisUrl) {
    return {
      options: optionsFromUrl(options.redisUrl),
      description: options.redisUrl.replace(/\/\/[^@]*@/, '//***@'),
      stop: none,
    };
  }
  if (await probe({ host: '127.0.0.1', port: 6379 })) {
    return { options: { host: '127.0.0.1', port: 6379 }, description: 'redis://127.0.0.1:6379', stop: none };
  }
  const dir = resolve(join(options.dataDir, 'redis'));
  mkdirSync(dir, { recursive: true });
  const socketPath = join(dir, 'redis.sock');
  if (existsSync(socketPath) && (await probe({ path: socketPath }))) {
    return {
      options: { path: socketPath },
      description: `private redis-server (${socketPath}, shared)`,
      stop: none,
    };
  }
  const child = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--unixsocket',
      socketPath,
      '--unixsocketperm',
      '700',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--daemonize',
      'no',
      '--logfile',
      join(dir, 'redis.log'),
    ],
    { stdio: 'ignore', detached: false },
  );
  const spawnError = await new Promise<Error | null>((done) => {
    child.once('error', (error) => done(error));
    child.once('spawn', () => done(null));
  });
  if (spawnError) throw new RedisUnavailableError(NO_REDIS_HELP);
  for (let i = 0; i < 100 && !(await probe({ path: socketPath })); i++)
    await new Promise((r) => setTimeout(r, 50));
  if (!(await probe({ path: socketPath }))) {
    child.kill('SIGKILL');
    throw new RedisUnavailableError(
      `a private redis-server did not start (see ${join(dir, 'redis.log')})\n${NO_REDIS_HELP}`,
    );
  }
  options.logger.info(
    { socketPath },
    'started a private redis-server (no REDIS_URL and nothing on 127.0.0.1:6379)',
  );
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  return {
    options: { path: socketPath },
    description: `private redis-server (${socketPath})`,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
