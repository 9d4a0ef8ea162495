/**
 * Infrastructure the chaos run controls itself, so it never restarts a shared server: a private `redis-server` on a
 * free port (append-only file, fsync on every write, in its own directory) that can be SIGKILLed and started again
 * with or without its data, and a TCP proxy in front of PostgreSQL whose connections can be cut (every open one
 * reset, new ones refused, as a restarting server does) and restored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => {
      socket.write('PING\r\n');
      socket.once('data', (d) => finish(d.toString().startsWith('+PONG')));
    });
  });
}

export interface PrivateRedis {
  url: string;
  /** SIGKILL the server (no shutdown save). */
  kill(): Promise<void>;
  /** Start it again on the same port; `keepData: false` deletes its directory first (a restart without data). */
  start(keepData: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startPrivateRedis(dir: string): Promise<PrivateRedis> {
  const port = await freePort();
  const dataDir = join(dir, 'redis-data');
  let child: ChildProcess | null = null;
  const start = async (keepData: boolean) => {
    if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const c = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', ''],
        ...['--appendonly', 'yes', '--appendfsync', 'always', '--daemonize', 'no'],
        ...['--maxmemory-policy', 'noeviction', '--logfile', join(dir, 'redis.log')],
      ],
      { stdio: 'ignore' },
    );
    child = c;
    for (let i = 0; i < 200 && !(await answersPing(port)); i++) await sleep(50);
    if (!(await answersPing(port))) throw new Error(`private redis-server did not start (${dir}/redis.log)`);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start(false);
  return { url: `redis://127.0.0.1:${port}`, kill, start, close: kill };
}

export interface PgProxy {
  /** postgres URL through the proxy (same user, database and options as `target`). */
  url: string;
  /** Reset every open connection and refuse new ones. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startPgProxy(target: string): Promise<PgProxy> {
  const upstream = new URL(target);
  const pairs = new Set<[Socket, Socket]>();
  let cut = false;
  const server = createServer((client) => {
    if (cut) {
      client.resetAndDestroy();
      return;
    }
    const remote = createConnection({
      host: upstream.hostname,
      port: Number(upstream.port || 5432),
    });
    const pair: [Socket, Socket] = [client, remote];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      remote.destroy();
    };
    client.on('error', end).on('close', end);
    remote.on('error', end).on('close', end);
    client.pipe(remote);
    remote.pipe(client);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const cutAll = () => {
    cut = true;
    for (const [client, remote] of pairs) {
      client.resetAndDestroy();
      remote.destroy();
    }
    pairs.clear();
  };
  return {
    url: url.toString(),
    cut: cutAll,
    restore() {
      cut = false;
    },
    async close() {
      cutAll();
      await new Promise((done) => server.close(done));
    },
  };
}
