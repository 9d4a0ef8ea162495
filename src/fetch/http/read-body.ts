/**
 * Reads a response body into memory, decompressing gzip / deflate / brotli, and stops as soon as the
 * decompressed size passes the cap (so a 20 MB page or a gzip bomb costs at most `maxBytes` of memory).
 */
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The body passed the cap. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body is larger than ${maxBytes} bytes`);
  }
}

/** The Content-Encoding is one we cannot undo, or the compressed data is corrupt. */
export class BodyEncodingError extends Error {}

function decompressorFor(contentEncoding: string | undefined): Transform | undefined {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'br') return createBrotliDecompress();
  if (encoding === 'deflate') return createInflate();
  throw new BodyEncodingError(`unsupported Content-Encoding "${encoding}"`);
}

/**
 * Read `body` fully; throws `BodyTooLargeError` past `maxBytes` (decompressed or raw). With `truncate`, a longer
 * body is cut instead: the first `maxBytes` decompressed bytes are returned and the rest is never read.
 */
export async function readCappedBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  truncate = false,
): Promise<Buffer> {
  const decompressor = decompressorFor(contentEncoding);
  let rawBytes = 0;
  if (decompressor) {
    body.on('data', (chunk: Buffer) => {
      rawBytes += chunk.length;
      // Compressed data is smaller than its output, so when truncating the output cap ends the read first.
      if (rawBytes > maxBytes && !truncate) body.destroy(new BodyTooLargeError(maxBytes));
    });
    body.on('error', (error) => decompressor.destroy(error));
    body.pipe(decompressor);
  }
  const source: Readable = decompressor ?? body;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (total + chunk.length > maxBytes) {
        if (!truncate) throw new BodyTooLargeError(maxBytes);
        chunks.push(chunk.subarray(0, maxBytes - total));
        total = maxBytes;
        body.destroy();
        decompressor?.destroy();
        break;
      }
      total += chunk.length;
      chunks.push(chunk);
    }
  } catch (error) {
    body.destroy();
    decompressor?.destroy();
    if (error instanceof BodyTooLargeError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code === 'ERR__ERROR_FORMAT_PADDING_1') {
      throw new BodyEncodingError(`corrupt ${contentEncoding} body: ${(error as Error).message}`);
    }
    throw error;
  }
  return Buffer.concat(chunks, total);
}
