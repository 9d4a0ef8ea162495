/** A constructed source for pipeline tests: one RSS feed on the local test server (127.0.0.1, 10 ms politeness). */
import { parseSourceFile } from '../../src/config/sources.js';
import type { Source } from '../../src/config/source-schema.js';

export function localFeedSource(id: string, feedUrl: string, name = `${id} (constructed)`): Source {
  return {
    ...parseSourceFile(
      `selectors/${id}.yaml`,
      `name: ${name}
language: en
allowedHosts: ['127.0.0.1']
allowPrivateAddresses: true
politeness: { maxInFlight: 4, minDelay: 10ms }
fetch:
  - type: feed
    url: ${feedUrl}
`,
    ),
    id,
  };
}
