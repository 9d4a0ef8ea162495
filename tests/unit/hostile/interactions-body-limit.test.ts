/**
 * POST /interactions is public (Discord needs it): a body over 64 KiB must be refused while it streams in, with or
 * without a Content-Length, before anything reads it whole.
 */
import { Hono } from 'hono';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { mountInteractions } from '../../../src/console/feedback/interactions-route.js';
import type { Db } from '../../../src/store/db.js';

function app(): Hono {
  const a = new Hono();
  mountInteractions(a, {
    db: {} as Db,
    logger: pino({ level: 'silent' }),
    discordPublicKey: '0'.repeat(64),
  });
  return a;
}

/** A stream of `chunks` × 16 KiB that records how many chunks were pulled. */
function countingStream(chunks: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let n = 0;
  const chunk = new Uint8Array(16 * 1024).fill(0x61);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (n >= chunks) return controller.close();
      n += 1;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => n };
}

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request('http://127.0.0.1/interactions', {
    method: 'POST',
    headers: { 'x-signature-ed25519': 'ab', 'x-signature-timestamp': '1', ...headers },
    body,
    // @ts-expect-error -- Node's fetch needs duplex for a streamed body
    duplex: 'half',
  });
}

describe('POST /interactions body limit', () => {
  it.each([
    ['just over the cap', 5],
    ['4 MiB', 256],
    ['64 MiB', 4096],
  ])(
    'refuses a chunked body of %s with 413 and stops reading near the cap',
    async (_label, chunks) => {
      const { body, pulled } = countingStream(chunks);
      const res = await app().request(post(body));
      expect(res.status).toBe(413);
      // 64 KiB = 4 chunks; the reader may pull one more before it notices.
      expect(pulled()).toBeLessThanOrEqual(6);
    },
    20_000,
  );

  it('refuses a declared oversized body without reading it', async () => {
    const { body, pulled } = countingStream(100);
    const res = await app().request(post(body, { 'content-length': String(100 * 16 * 1024) }));
    expect([401, 413]).toContain(res.status);
    expect(pulled()).toBeLessThanOrEqual(1);
  });

  it('still reads a small body and checks its signature (401 for a bad one)', async () => {
    const res = await app().request(post('{"type":1}', { 'content-type': 'application/json' }));
    expect(res.status).toBe(401);
  });
});
