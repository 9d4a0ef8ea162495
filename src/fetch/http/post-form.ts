/**
 * A small form POST for WebSub hub requests: to an address an outlet's feed named, so it goes through the same
 * private-address guard as every fetch (unless the source allows private addresses, as tests and the demo do),
 * never follows redirects, and reads at most 64 KiB of the answer.
 */
import { Agent, request } from 'undici';
import { createTrustedList } from './address-guard.js';
import { createGuardedConnector } from './guarded-connector.js';

export interface FormPostResult {
  status: number;
  /** The start of the answer's body (for error messages). */
  text: string;
}

export interface FormPoster {
  post(
    url: string,
    fields: Record<string, string>,
    options: { allowPrivateAddresses: boolean },
  ): Promise<FormPostResult>;
  close(): Promise<void>;
}

const MAX_ANSWER_BYTES = 64 * 1024;

export function createFormPoster(
  options: { trustedAddresses?: readonly string[]; timeoutMs?: number } = {},
): FormPoster {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const agentOptions = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  const guarded = new Agent({
    ...agentOptions,
    connect: createGuardedConnector(createTrustedList(options.trustedAddresses ?? []), timeoutMs),
  });
  const open = new Agent({ ...agentOptions, connect: { timeout: timeoutMs } });
  return {
    async post(url, fields, { allowPrivateAddresses }) {
      const target = new URL(url);
      if (target.protocol !== 'https:' && target.protocol !== 'http:')
        throw new Error(`not an http(s) URL: ${url}`);
      const response = await request(target, {
        method: 'POST',
        dispatcher: allowPrivateAddresses ? open : guarded,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        // undici's request() never follows redirects by itself.
        body: new URLSearchParams(fields).toString(),
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        const buffer = Buffer.from(chunk as Uint8Array);
        size += buffer.length;
        if (size > MAX_ANSWER_BYTES) {
          response.body.destroy();
          break;
        }
        chunks.push(buffer);
      }
      return { status: response.statusCode, text: Buffer.concat(chunks).toString('utf8').slice(0, 500) };
    },
    async close() {
      await Promise.all([guarded.close(), open.close()]);
    },
  };
}
