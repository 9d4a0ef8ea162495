/**
 * Conditional-GET state per URL in Redis: ETag, Last-Modified, a hash of the last body and when it was fetched
 * with how long it stays fresh (Cache-Control max-age). Kept 30 days after the last fetch.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const KEEP_SECONDS = 30 * 24 * 3600;

export interface StoredValidators {
  etag?: string | undefined;
  lastModified?: string | undefined;
  bodyHash?: string | undefined;
  /** Epoch ms of the last full or 304 response. */
  fetchedAt?: number | undefined;
  /** How long after `fetchedAt` the URL may be treated as unchanged without asking. */
  freshForMs?: number | undefined;
}

export interface ValidatorStore {
  read(url: string): Promise<StoredValidators>;
  write(url: string, validators: StoredValidators): Promise<void>;
  /** Forget a URL, so the next conditional fetch returns the full body even if it is unchanged. */
  forget(url: string): Promise<void>;
}

/** SHA-256 of a body, hex; enough to tell "the same bytes again" without keeping the body. */
export function hashBody(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Validators under `<keyPrefix>:http:val:<sha1 of url>`. */
export function createValidatorStore(redis: Redis, keyPrefix: string): ValidatorStore {
  const keyOf = (url: string) => `${keyPrefix}:http:val:${createHash('sha1').update(url).digest('hex')}`;
  return {
    async read(url) {
      const h = await redis.hgetall(keyOf(url));
      const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
      return {
        etag: h.etag || undefined,
        lastModified: h.lastModified || undefined,
        bodyHash: h.bodyHash || undefined,
        fetchedAt: num(h.fetchedAt),
        freshForMs: num(h.freshForMs),
      };
    },
    async write(url, v) {
      const key = keyOf(url);
      const fields: Record<string, string> = {
        etag: v.etag ?? '',
        lastModified: v.lastModified ?? '',
        bodyHash: v.bodyHash ?? '',
        fetchedAt: v.fetchedAt === undefined ? '' : String(v.fetchedAt),
        freshForMs: v.freshForMs === undefined ? '' : String(v.freshForMs),
      };
      await redis.multi().hset(key, fields).expire(key, KEEP_SECONDS).exec();
    },
    async forget(url) {
      await redis.del(keyOf(url));
    },
  };
}
