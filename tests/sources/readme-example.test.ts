/** The complete example in selectors/README.md is a valid source file that uses every schema field. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSourceFile } from '../../src/config/sources.js';
import {
  listingSelectorsSchema,
  sourceFileSchema,
  articleSelectorsSchema,
} from '../../src/config/source-schema.js';

describe('selectors/README.md', () => {
  const readme = readFileSync(join(import.meta.dirname, '../../selectors/README.md'), 'utf8');
  const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

  it('has a complete example that parses', () => {
    const source = parseSourceFile('selectors/example.yaml', example);
    expect(source.fetch.map((l) => l.type)).toEqual(['feed', 'sitemap', 'listing', 'json', 'browser']);
  });

  it('mentions every field of the schema', () => {
    const fields = [
      ...Object.keys(sourceFileSchema.shape),
      ...Object.keys(listingSelectorsSchema.shape),
      ...Object.keys(articleSelectorsSchema.shape),
      'staleAfter',
      'format',
      'scriptSelector',
      'waitFor',
      'maxInFlight',
      'minDelay',
      'obey',
      'overrideReason',
      'linkPattern',
    ];
    for (const field of fields) expect(example, field).toMatch(new RegExp(`\\b${field}:`));
  });
});
