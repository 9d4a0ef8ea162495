import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import { parseSourceFile } from '../../../src/config/sources.js';
import { ConfigError } from '../../../src/shared/errors.js';

const valid = `
name: Example
language: ar
timezone: Asia/Baghdad
interval: 2m
fetch:
  - type: feed
    url: https://example.org/rss
`;

describe('source files', () => {
  it('parses a valid file, deriving id and allowed hosts', () => {
    const source = parseSourceFile('selectors/example.yaml', valid);
    expect(source.id).toBe('example');
    expect(source.interval).toBe(120_000);
    expect(source.allowedHosts).toEqual(['example.org']);
    expect(source.robots.obey).toBe(true);
  });

  it('names the file and every bad field', () => {
    const bad = valid.replace('Asia/Baghdad', 'Mars/Olympus').replace('https://example.org/rss', 'not a url');
    const error = (() => {
      try {
        parseSourceFile('selectors/example.yaml', bad);
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain('selectors/example.yaml: timezone');
    expect(error?.message).toContain('selectors/example.yaml: fetch.0.url');
  });

  it('reports malformed YAML with the file name', () => {
    expect(() => parseSourceFile('selectors/x.yaml', 'name: [unclosed')).toThrow(
      /selectors\/x.yaml: not valid YAML/,
    );
  });

  it('requires a reason to ignore robots.txt', () => {
    expect(() => parseSourceFile('selectors/x.yaml', `${valid}robots:\n  obey: false\n`)).toThrow(
      /robots.overrideReason/,
    );
  });
});

describe('environment', () => {
  it('applies defaults', () => {
    const env = loadEnv({});
    expect(env.DATA_DIR).toBe('./data');
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('reports every bad variable at once, by name', () => {
    expect(() => loadEnv({ DATABASE_URL: 'nope', LOG_LEVEL: 'loud', DASHBOARD_PORT: '99999' })).toThrow(
      /DATABASE_URL[\s\S]*LOG_LEVEL[\s\S]*DASHBOARD_PORT/,
    );
  });

  it('needs channel ids with a bot token', () => {
    expect(() => loadEnv({ DISCORD_TOKEN: 'x' })).toThrow(/DISCORD_CHANNEL_IDS/);
  });
});
