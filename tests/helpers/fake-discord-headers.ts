/** Rate-limit headers and 429 answers of the fake Discord (tests/helpers/fake-discord.ts), as Discord sends them. */
export function bucketHeaders(route: string): Record<string, string> {
  // Generous buckets: the fake tests 429 handling through explicit failures, not through pre-emptive waits.
  return {
    'X-RateLimit-Limit': '1000',
    'X-RateLimit-Remaining': '999',
    'X-RateLimit-Reset-After': '1',
    'X-RateLimit-Reset': String(Date.now() / 1000 + 1),
    'X-RateLimit-Bucket': Buffer.from(route).toString('hex').slice(0, 32),
  };
}

export function rateLimited(
  retryAfter: number,
  global: boolean,
  route: string,
  shared = false,
): [number, unknown, Record<string, string>] {
  const headers: Record<string, string> = {
    'Retry-After': String(retryAfter),
    'X-RateLimit-Limit': '5',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset-After': String(retryAfter),
    'X-RateLimit-Reset': String(Date.now() / 1000 + retryAfter),
    'X-RateLimit-Bucket': Buffer.from(route).toString('hex').slice(0, 32),
    'X-RateLimit-Scope': global ? 'global' : shared ? 'shared' : 'user',
  };
  if (global) headers['X-RateLimit-Global'] = 'true';
  return [429, { message: 'You are being rate limited.', retry_after: retryAfter, global }, headers];
}
