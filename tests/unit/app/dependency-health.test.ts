import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createDependencyHealth, isConnectionError } from '../../../src/app/dependency-health.js';
import { watchDependencies } from '../../../src/app/watch-dependencies.js';
import type { Db } from '../../../src/store/db.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n'))
        if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

const gaugeValue = async (registry: Registry, dependency: string) => {
  const metric = await registry.getSingleMetric('raqib_dependency_up')?.get();
  return metric?.values.find((v) => v.labels.dependency === dependency)?.value;
};

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });

describe('dependency health', () => {
  it('logs a lost connection at most once per interval, counts the rest, and says when it is back', async () => {
    let clock = 0;
    const { lines, logger } = capture();
    const registry = new Registry();
    const health = createDependencyHealth({ logger, registry, now: () => clock });
    expect(await gaugeValue(registry, 'redis')).toBe(1);
    expect(await gaugeValue(registry, 'postgres')).toBe(1);
    // 45 s of ioredis retrying every 100 ms: 450 errors.
    for (; clock < 45_000; clock += 100) health.down('redis', refused);
    const down = lines.filter((l) => l.dependency === 'redis');
    expect(down).toHaveLength(5); // at 0, 10, 20, 30, 40 s
    expect(down[0]?.msg).toBe('redis unreachable (REDIS_URL); reconnecting');
    expect(down[0]?.error).toBe('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:6390');
    expect(down[1]?.errorsSinceLastLine).toBe(99);
    expect(down[4]?.downForMs).toBe(40_000);
    expect(await gaugeValue(registry, 'redis')).toBe(0);
    expect(await gaugeValue(registry, 'postgres')).toBe(1);
    health.up('redis');
    health.up('redis');
    expect(lines.filter((l) => l.msg === 'redis reachable again')).toHaveLength(1);
    expect(await gaugeValue(registry, 'redis')).toBe(1);
    expect(health.isUp('redis')).toBe(true);
    // A new outage is reported at once, whatever the interval.
    health.down('redis', refused);
    expect(lines.at(-1)?.msg).toBe('redis unreachable (REDIS_URL); reconnecting');
  });

  it('keeps each dependency on its own clock and names its setting', () => {
    let clock = 0;
    const { lines, logger } = capture();
    const health = createDependencyHealth({ logger, now: () => clock });
    health.down('redis', refused);
    clock = 10;
    health.down('postgres', new Error('Connection terminated unexpectedly'));
    health.down('postgres', new Error('Connection terminated unexpectedly'));
    expect(lines.map((l) => [l.dependency, l.setting])).toEqual([
      ['redis', 'REDIS_URL'],
      ['postgres', 'DATABASE_URL'],
    ]);
  });

  it.each([
    [refused, true],
    [Object.assign(new Error('getaddrinfo ENOTFOUND redis.internal'), { code: 'ENOTFOUND' }), true],
    [new Error('Connection is closed.'), true],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true],
    [new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), false],
    [new Error('Missing lock for job 12. moveToFinished'), false],
    ['a string', false],
  ])('tells connection errors from command errors: %s', (error, expected) => {
    expect(isConnectionError(error)).toBe(expected);
  });
});

describe('a real Redis that goes away and comes back', () => {
  it('logs a few lines, not one per retry, and the gauge follows', async () => {
    const port = 17_000 + Math.floor(Math.random() * 2000);
    const startServer = () =>
      spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
    let server = startServer();
    const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null, retryStrategy: () => 50 });
    const { lines, logger } = capture();
    const registry = new Registry();
    const health = createDependencyHealth({ logger, registry, intervalMs: 400 });
    const closers: Array<() => Promise<unknown>> = [];
    watchDependencies(health, { redis, queues: [], db: { kind: 'pglite' } as Db, closers });
    const waitFor = async (check: () => boolean | Promise<boolean>) => {
      for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
    };
    try {
      await waitFor(() => redis.status === 'ready');
      server.kill('SIGKILL');
      const killedAt = Date.now();
      await new Promise((r) => setTimeout(r, 1300)); // ~25 reconnect attempts
      expect(await gaugeValue(registry, 'redis')).toBe(0);
      // At most the first line plus one per interval elapsed (timers run late on a busy machine), far below one
      // line per reconnect attempt.
      const maxLines = 1 + Math.ceil((Date.now() - killedAt) / 400);
      const downLines = lines.filter(
        (l) => typeof l.msg === 'string' && l.msg.startsWith('redis unreachable'),
      );
      expect(downLines.length).toBeGreaterThanOrEqual(1);
      expect(downLines.length).toBeLessThanOrEqual(maxLines);
      expect(maxLines).toBeLessThan(10);
      server = startServer();
      await waitFor(async () => (await gaugeValue(registry, 'redis')) === 1);
      expect(await gaugeValue(registry, 'redis')).toBe(1);
      expect(lines.some((l) => l.msg === 'redis reachable again')).toBe(true);
    } finally {
      redis.disconnect();
      server.kill('SIGKILL');
      for (const close of closers) await close();
    }
  });
});
