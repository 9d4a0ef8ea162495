/**
 * Hostile or broken configuration files: a source, channels or topic YAML far larger than any real one is refused
 * before it is parsed, with an error naming the file, and a file under the limit still loads.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTopics, parseTopicFile } from '../../../src/classify/load-topics.js';
import { loadChannels, parseChannelsFile } from '../../../src/config/channels.js';
import { CONFIG_FILE_LIMITS } from '../../../src/config/config-file.js';
import { loadSources, parseSourceFile } from '../../../src/config/sources.js';

const SOURCE = readFileSync('selectors/shafaq-news-arabic.yaml', 'utf8');
const CHANNELS = readFileSync('channels.example.yaml', 'utf8');
const TOPIC = readFileSync('topics/iraq-drawdown.yaml', 'utf8');

/** Ways a file grows huge: a long list, a huge comment, one huge string, Arabic text (multi-byte). */
const BLOATS: Array<[string, (bytes: number) => string]> = [
  ['a long list', (n) => `\nxs:\n${'  - item\n'.repeat(Math.ceil(n / 9))}`],
  ['a huge comment', (n) => `\n# ${'x'.repeat(n)}\n`],
  ['one huge string', (n) => `\nnotes: "${'y'.repeat(n)}"\n`],
  ['Arabic text', (n) => `\n# ${'انسحاب القوات '.repeat(Math.ceil(n / 26))}\n`],
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'raqib-cfg-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('configuration file size limits', () => {
  it.each(BLOATS)('refuses a 10 MB source file made of %s, naming the file', (_kind, bloat) => {
    const file = join(dir, 'outlet.yaml');
    writeFileSync(file, SOURCE + bloat(10 * 1024 * 1024));
    const started = performance.now();
    expect(() => loadSources(dir)).toThrow(/outlet\.yaml: source file is [\d,]+ bytes, over the limit/);
    expect(() => parseSourceFile(file, readFileSync(file, 'utf8'))).toThrow(/outlet\.yaml: source file is/);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it.each(BLOATS)('refuses a 10 MB channels file made of %s, naming the file', (_kind, bloat) => {
    const file = join(dir, 'channels.yaml');
    writeFileSync(file, CHANNELS + bloat(10 * 1024 * 1024));
    expect(() => loadChannels(file)).toThrow(/channels\.yaml: channels file is [\d,]+ bytes, over the limit/);
    expect(() => parseChannelsFile(file, readFileSync(file, 'utf8'))).toThrow(/channels file is/);
  });

  it.each(BLOATS)('refuses a 10 MB topic file made of %s, naming the file', (_kind, bloat) => {
    const file = join(dir, 'iraq-drawdown.yaml');
    writeFileSync(file, TOPIC + bloat(10 * 1024 * 1024));
    expect(() => loadTopics(dir)).toThrow(/iraq-drawdown\.yaml: topic file is [\d,]+ bytes, over the limit/);
    expect(() => parseTopicFile(file, readFileSync(file, 'utf8'))).toThrow(/topic file is/);
  });

  it('still loads files just under each limit', () => {
    const pad = (limit: number, text: string) =>
      `${text}\n# ${'x'.repeat(limit - Buffer.byteLength(text) - 8)}\n`;
    writeFileSync(join(dir, 'outlet.yaml'), pad(CONFIG_FILE_LIMITS.source, SOURCE));
    expect(loadSources(dir).map((s) => s.id)).toEqual(['outlet']);
    rmSync(join(dir, 'outlet.yaml'));
    writeFileSync(join(dir, 'iraq-drawdown.yaml'), pad(CONFIG_FILE_LIMITS.topic, TOPIC));
    copyFileSync('topics/iraq-drawdown.stories.json', join(dir, 'iraq-drawdown.stories.json'));
    expect(loadTopics(dir).map((t) => t.id)).toEqual(['iraq-drawdown']);
    const channels = join(dir, 'channels.yaml');
    writeFileSync(channels, pad(CONFIG_FILE_LIMITS.channels, CHANNELS));
    const env = { PARTNER_WEBHOOK_URL: 'https://discord.com/api/webhooks/123456789012345678/token-part' };
    expect(loadChannels(channels, env).length).toBeGreaterThan(0);
  });
});
