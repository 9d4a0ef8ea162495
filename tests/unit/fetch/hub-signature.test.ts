/** X-Hub-Signature checks: every WebSub algorithm, and every way a signature can be wrong. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validHubSignature } from '../../../src/console/websub/websub-route.js';

const body = new TextEncoder().encode('<feed><entry><title>انسحاب</title></entry></feed>');
const sign = (algorithm: string, secret: string, data: Uint8Array = body) =>
  `${algorithm}=${createHmac(algorithm, secret).update(data).digest('hex')}`;

describe('validHubSignature', () => {
  it('accepts sha1, sha256, sha384 and sha512 with the right secret (hex in either case)', () => {
    for (const algorithm of ['sha1', 'sha256', 'sha384', 'sha512'])
      expect(validHubSignature(sign(algorithm, 's3cret'), body, 's3cret')).toBe(true);
    expect(
      validHubSignature(sign('sha256', 's3cret').toUpperCase().replace('SHA256', 'sha256'), body, 's3cret'),
    ).toBe(true);
  });

  it('rejects a wrong secret, a changed body, a truncated or malformed signature, md5 and no header', () => {
    expect(validHubSignature(sign('sha256', 'other'), body, 's3cret')).toBe(false);
    expect(
      validHubSignature(sign('sha256', 's3cret', new TextEncoder().encode('<feed/>')), body, 's3cret'),
    ).toBe(false);
    expect(validHubSignature(sign('sha256', 's3cret').slice(0, -2), body, 's3cret')).toBe(false);
    expect(validHubSignature('sha256=zz', body, 's3cret')).toBe(false);
    expect(validHubSignature(sign('md5', 's3cret'), body, 's3cret')).toBe(false);
    expect(validHubSignature(undefined, body, 's3cret')).toBe(false);
    expect(validHubSignature('', body, 's3cret')).toBe(false);
  });
});
