/** A real-Redis HttpClient for one test, with a unique key prefix that is deleted afterwards. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { inject } from 'vitest';
import {
  createHttpClient,
  type HttpClientOptions,
  type RaqibHttpClient,
} from '../../../src/fetch/http/http-client.js';
import type { FetchRequestPolicy } from '../../../src/fetch/http/http-types.js';

export interface ClientFixture {
  keyPrefix: string;
  /** A new client on its own Redis connection (like another worker process). */
  newClient: (overrides?: Partial<HttpClientOptions>) => RaqibHttpClient;
  redis: Redis;
  cleanup: () => Promise<void>;
}

/** Create the fixture; call `cleanup` in afterEach/afterAll. */
export function createClientFixture(): ClientFixture {
  const keyPrefix = `test-http-${randomUUID()}`;
  const connections: Redis[] = [];
  const clients: RaqibHttpClient[] = [];
  const connect = () => {
    const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    connections.push(redis);
    return redis;
  };
  const redis = connect();
  return {
    keyPrefix,
    redis,
    newClient: (overrides = {}) => {
      const client = createHttpClient({
        redis: connect(),
        keyPrefix,
        logger: pino({ level: 'silent' }),
        timeoutMs: 5000,
        ...overrides,
      });
      clients.push(client);
      return client;
    },
    cleanup: async () => {
      await Promise.all(clients.map((c) => c.close()));
      const keys = await redis.keys(`${keyPrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await Promise.all(connections.map((c) => c.quit()));
    },
  };
}

/** A permissive local-test policy: 127.0.0.1 allowed, private addresses allowed, no pacing, no robots. */
export function localPolicy(overrides: Partial<FetchRequestPolicy> = {}): FetchRequestPolicy {
  return {
    sourceId: 'test',
    allowedHosts: ['127.0.0.1'],
    allowPrivateAddresses: true,
    maxInFlight: 4,
    minDelayMs: 0,
    obeyRobots: false,
    ...overrides,
  };
}
