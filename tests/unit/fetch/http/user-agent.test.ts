import { describe, expect, it } from 'vitest';
import { buildUserAgent } from '../../../../src/fetch/http/user-agent.js';

describe('buildUserAgent', () => {
  it('names the bot, its purpose and the contact', () => {
    expect(buildUserAgent('https://example.org/raqib')).toBe(
      'raqib/0.1 (news monitor; +https://example.org/raqib)',
    );
    expect(buildUserAgent(undefined)).toBe('raqib/0.1 (news monitor)');
  });
  it('cannot be used for header injection', () => {
    expect(buildUserAgent('a@b.c\r\nX-Evil: 1')).not.toMatch(/[\r\n]/);
  });
});
