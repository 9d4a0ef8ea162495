/**
 * Charset handling on the shared real texts (../shared next to the repo): real Arabic must never be "repaired",
 * and every text turned into windows-1256 / windows-1252 mojibake, or re-encoded as windows-1256, must come back.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../../../src/fetch/http/charset/decode-body.js';
import { repairMojibake } from '../../../../../src/fetch/http/charset/repair-mojibake.js';

const shared = resolve(import.meta.dirname, '../../../../../bench/data');
const corpusFile = join(shared, 'corpus/relevance-dev.jsonl');
const fixturesDir = join(shared, 'fixtures');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function corpusTexts(): string[] {
  return readFileSync(corpusFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const item = JSON.parse(line) as { title?: string; text?: string };
      return `${item.title ?? ''}\n${item.text ?? ''}`;
    });
}

describe.skipIf(!existsSync(corpusFile))('charsets on the shared corpus', () => {
  it('leaves every real text unchanged', () => {
    const texts = corpusTexts();
    expect(texts.length).toBeGreaterThan(50);
    expect(texts.filter((t) => repairMojibake(t).repairedRuns > 0)).toEqual([]);
  });

  it('restores every text from windows-1256 and windows-1252 mojibake', () => {
    for (const text of corpusTexts()) {
      const cp1256 = new TextDecoder('windows-1256').decode(Buffer.from(text, 'utf8'));
      const cp1252 = new TextDecoder('windows-1252').decode(Buffer.from(text, 'utf8'));
      expect(repairMojibake(cp1256).text).toBe(text);
      expect(repairMojibake(cp1252).text).toBe(text);
    }
  });

  it('sniffs undeclared windows-1256 for every Arabic text', () => {
    for (const text of corpusTexts().filter((t) => /[\u0621-\u064a]{20}/u.test(t.replace(/\s/g, '')))) {
      const encodable = iconv.decode(iconv.encode(text, 'windows-1256'), 'windows-1256');
      const result = decodeBody(iconv.encode(encodable, 'windows-1256'), null);
      expect(result.charset).toBe('windows-1256');
      expect(result.text).toBe(encodable);
    }
  });
});

describe.skipIf(!existsSync(fixturesDir))('charsets on the shared saved pages', () => {
  it('decodes every saved page without a repair', () => {
    const files = walk(fixturesDir).filter((f) => /\.(html|xml|rss)(\.gz)?$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      let bytes = readFileSync(file);
      if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
      expect(decodeBody(bytes, null).repairedRuns, file).toBe(0);
    }
  });
});
