/**
 * BullMQ needs Redis to never evict keys: an evicted job or lock loses work silently. At start raqib reads
 * `maxmemory-policy` and refuses any other value. A server that forbids CONFIG (some managed Redis) is let
 * through with a warning, since the policy cannot be read there.
 */
import type { Logger } from 'pino';
import { ConfigError } from '../shared/errors.js';

/** The one call this check needs, so a unit test can pass a fake. */
export interface RedisConfigReader {
  config(subcommand: 'GET', parameter: string): Promise<unknown>;
}

export async function assertNoEviction(
  redis: RedisConfigReader,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  let reply: unknown;
  try {
    reply = await redis.config('GET', 'maxmemory-policy');
  } catch (error) {
    logger.warn(
      { err: error },
      'cannot read Redis maxmemory-policy (CONFIG refused); make sure it is noeviction',
    );
    return;
  }
  const policy = Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : undefined;
  if (policy === undefined) {
    logger.warn({ reply }, 'Redis gave no maxmemory-policy; make sure it is noeviction');
    return;
  }
  if (policy !== 'noeviction')
    throw new ConfigError(
      `REDIS_URL: Redis maxmemory-policy is "${policy}"; raqib's queues need "noeviction" (an evicted job is ` +
        'lost silently). Set `maxmemory-policy noeviction` in redis.conf or run `CONFIG SET maxmemory-policy noeviction`.',
    );
}
