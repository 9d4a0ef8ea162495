/**
 * `raqib start` (bin/raqib.js, the production entrypoint) against a Redis or PostgreSQL that is wrong or does
 * not answer: it must stop with one message naming the setting and a non-zero exit code, not log "runtime
 * ready" and wait forever.
 */
import { createServer, type Server } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRaqib } from '../../helpers/raqib-process.js';

const redisUrl = inject('redisUrl');
let closedPort = 0;
let dir = '';

beforeAll(async () => {
  // A port that was free a moment ago and is closed now: connections are refused.
  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  closedPort = (server.address() as { port: number }).port;
  await new Promise((done) => server.close(done));
  dir = mkdtempSync(join(tmpdir(), 'raqib-failfast-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startAndWait(env: Record<string, string>) {
  const p = startRaqib(
    'failfast',
    {
      DATA_DIR: dir,
      QUEUE_PREFIX: `test-failfast-${Date.now().toString(36)}`,
      STARTUP_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'warn',
      ...env,
    },
    ['start', '--no-dashboard'],
  );
  const exit = await p.exited;
  return { exit, output: p.lines.join('\n') };
}

describe('start fails fast on a bad Redis or PostgreSQL', () => {
  it('REDIS_URL without a scheme', async () => {
    const { exit, output } = await startAndWait({ REDIS_URL: 'localhost:6379' });
    expect(exit.code).not.toBe(0);
    expect(output).toMatch(/REDIS_URL.*redis:\/\//);
  }, 60_000);

  it('REDIS_URL on a closed port', async () => {
    const { exit, output } = await startAndWait({ REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    expect(exit.code).not.toBe(0);
    expect(output).toMatch(/REDIS_URL: Redis at redis:\/\/127\.0\.0\.1:\d+ did not answer within 2 s/);
    expect(output).not.toContain('runtime ready');
  }, 60_000);

  it('DATABASE_URL without a scheme', async () => {
    const { exit, output } = await startAndWait({ REDIS_URL: redisUrl, DATABASE_URL: '127.0.0.1:5432/test' });
    expect(exit.code).not.toBe(0);
    expect(output).toMatch(/DATABASE_URL.*postgres:\/\//);
  }, 60_000);

  it('DATABASE_URL on a closed port', async () => {
    const { exit, output } = await startAndWait({
      REDIS_URL: redisUrl,
      DATABASE_URL: `postgres://raqib@127.0.0.1:${closedPort}/test`,
    });
    expect(exit.code).not.toBe(0);
    expect(output).toMatch(
      /DATABASE_URL: PostgreSQL at postgres:\/\/\*\*\*@127\.0\.0\.1:\d+\/test did not answer/,
    );
    expect(output).toContain('ECONNREFUSED');
  }, 60_000);

  it('SOURCES_DIR that does not exist names the setting, not a raw ENOENT', async () => {
    const missing = join(dir, 'no-such-sources');
    const { exit, output } = await startAndWait({ REDIS_URL: redisUrl, SOURCES_DIR: missing });
    expect(exit.code).not.toBe(0);
    expect(output).toContain(`SOURCES_DIR=${missing}: no such folder`);
    expect(output).not.toContain('runtime ready');
  }, 60_000);

  it('SOURCES_DIR with no source files is an error, not a silent start', async () => {
    const empty = join(dir, 'empty-sources');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'README.txt'), 'not a source file');
    const { exit, output } = await startAndWait({ REDIS_URL: redisUrl, SOURCES_DIR: empty });
    expect(exit.code).not.toBe(0);
    expect(output).toContain(`SOURCES_DIR=${empty}: no source files`);
    expect(output).not.toContain('runtime ready');
  }, 60_000);
});
