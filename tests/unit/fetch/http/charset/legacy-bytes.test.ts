/**
 * Byte-level cases for legacy single-byte encodings and real mojibake. Every input is written out as hex bytes here
 * (never produced by the decoder under test), so a decoder that maps windows-1252 0x80–0x9F to C1 controls fails.
 */
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../../../src/fetch/http/charset/decode-body.js';
import { charsetFromContentType } from '../../../../../src/fetch/http/charset/detect-charset.js';
import { repairMojibake } from '../../../../../src/fetch/http/charset/repair-mojibake.js';

const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.split(/\s+/).filter(Boolean), (b) => parseInt(b, 16));
const html = (body: string, charset: string): Uint8Array => {
  const head = Buffer.from(`<html><head><meta charset="${charset}"></head><body>`, 'ascii');
  return Uint8Array.from([...head, ...hex(body), ...Buffer.from('</body></html>', 'ascii')]);
};

describe('windows-1252 bytes 0x80–0x9F decode to the WHATWG symbols', () => {
  const cases: Array<[string, string, string]> = [
    // bytes, expected text, label
    ['93 51 75 6f 74 65 94', '\u201cQuote\u201d', 'curly double quotes'],
    ['49 74 92 73', 'It\u2019s', 'right single quote'],
    ['80 35 30', '\u20ac50', 'euro sign'],
    ['61 97 62 96 63', 'a\u2014b\u2013c', 'em and en dash'],
    ['9c 75 76 72 65 85', '\u0153uvre\u2026', 'oe ligature and ellipsis'],
    ['99 20 8a 9e', '\u2122 \u0160\u017e', 'trade mark, S/z caron'],
  ];
  for (const [bytes, expected, label] of cases) {
    it(`${label} (meta windows-1252)`, () => {
      expect(decodeBody(html(bytes, 'windows-1252'), null).text).toContain(expected);
    });
    it(`${label} (Content-Type latin1, which WHATWG maps to windows-1252)`, () => {
      expect(decodeBody(hex(bytes), 'text/html; charset=iso-8859-1').text).toBe(expected);
    });
  }
});

describe('windows-1256 Arabic bytes', () => {
  it('decodes الانسحاب written as windows-1256 bytes', () => {
    // ا=C7 ل=E1 ا=C7 ن=E4 س=D3 ح=CD ا=C7 ب=C8
    expect(decodeBody(hex('c7 e1 c7 e4 d3 cd c7 c8'), 'text/html; charset=windows-1256').text).toBe(
      'الانسحاب',
    );
  });
  it('decodes the 0x80–0x9F range of windows-1256 (€ پ ٹ)', () => {
    expect(decodeBody(hex('80 81 8a'), 'text/html; charset=windows-1256').text).toBe('€پٹ');
  });
});

describe('charset parameter in single quotes', () => {
  it.each([
    [`text/html; charset='utf-8'`, 'utf-8'],
    [`text/html; charset='windows-1256'`, 'windows-1256'],
    [`application/rss+xml;charset='ISO-8859-1'`, 'iso-8859-1'],
    [`text/html; charset="utf-8"`, 'utf-8'],
  ])('%s → %s', (header, expected) => {
    expect(charsetFromContentType(header)).toBe(expected);
  });

  it('a false single-quoted UTF-8 claim on windows-1256 Arabic is ignored', () => {
    // "قوات أمريكية" in windows-1256: ق=DE و=E6 ا=C7 ت=CA space أ=C3 م=E3 ر=D1 ي=ED ك=DF ي=ED ة=C9
    const bytes = html('de e6 c7 ca 20 c3 e3 d1 ed df ed c9', 'windows-1256');
    const decoded = decodeBody(bytes, `text/html; charset='utf-8'`);
    expect(decoded.text).toContain('قوات أمريكية');
    expect(decoded.text).not.toContain('\ufffd');
  });

  it('English windows-1252 under a false single-quoted UTF-8 claim keeps its quotes', () => {
    const bytes = html('93 54 72 6f 6f 70 73 94 20 96 20 49 72 61 71', 'windows-1252');
    const decoded = decodeBody(bytes, `text/html; charset='UTF-8'`);
    expect(decoded.text).toContain('\u201cTroops\u201d \u2013 Iraq');
  });
});

describe('repair of real mojibake (UTF-8 read by a correct windows-1252/1256 decoder)', () => {
  // Each mojibake string is the UTF-8 bytes of the target mapped through the WHATWG windows-1252 (or 1256) index
  // by hand: e.g. ا = D8 A7 → "Ø§", ل = D9 84 → "Ù„" (0x84 is „ in windows-1252).
  it.each([
    ['\u00d8\u00a7\u00d9\u201e', 'ال'],
    [
      '\u00d8\u00a7\u00d9\u201e\u00d8\u00a7\u00d9\u2020\u00d8\u00b3\u00d8\u00ad\u00d8\u00a7\u00d8\u00a8',
      'الانسحاب',
    ],
    ['It\u00e2\u20ac\u2122s', 'It\u2019s'],
    ['\u00e2\u20ac\u0153Iraq\u00e2\u20ac\u009d', '\u201cIraq\u201d'],
    ['caf\u00c3\u00a9 \u00e2\u20ac\u201d ok', 'caf\u00e9 \u2014 ok'],
  ])('%s → %s', (mojibake, expected) => {
    expect(repairMojibake(mojibake).text).toBe(expected);
  });

  it('windows-1256 mojibake of Arabic (ط§ظ„) is repaired', () => {
    // D8 A7 D9 84 read as windows-1256: D8=ط A7=§ D9=ظ 84=„
    expect(repairMojibake('\u0637\u00a7\u0638\u201e').text).toBe('ال');
  });

  it('real Arabic and clean English stay as they are', () => {
    for (const text of ['القوات الأمريكية تنسحب من العراق', '\u201cTroops\u201d \u2014 50\u20ac', 'œuvre']) {
      expect(repairMojibake(text)).toEqual({ text, repairedRuns: 0 });
    }
  });
});
