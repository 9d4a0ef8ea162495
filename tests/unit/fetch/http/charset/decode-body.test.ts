import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../../../src/fetch/http/charset/decode-body.js';
import { sniffCharset } from '../../../../../src/fetch/http/charset/sniff-charset.js';

const TEXT = '<p>قالت مصادر عسكرية إن القوات الأمريكية ستغادر القاعدة خلال الأشهر المقبلة</p>';

describe('sniffCharset', () => {
  it('tells UTF-8, windows-1256, ISO-8859-6 and windows-1252 apart', () => {
    expect(sniffCharset(Buffer.from(TEXT))).toBe('utf-8');
    expect(sniffCharset(iconv.encode(TEXT, 'windows-1256'))).toBe('windows-1256');
    expect(sniffCharset(iconv.encode(TEXT, 'iso-8859-6'))).toBe('iso-8859-6');
    expect(sniffCharset(iconv.encode('<p>Café crème à la française</p>', 'windows-1252'))).toBe(
      'windows-1252',
    );
  });
});

describe('decodeBody', () => {
  it('uses the BOM over a wrong Content-Type', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]);
    expect(decodeBody(body, 'text/html; charset=windows-1256')).toMatchObject({
      text: TEXT,
      charset: 'utf-8',
    });
  });

  it('ignores a UTF-8 claim on bytes that are not UTF-8', () => {
    const result = decodeBody(iconv.encode(TEXT, 'windows-1256'), 'text/html; charset=utf-8');
    expect(result).toMatchObject({ text: TEXT, charset: 'windows-1256', source: 'sniffed' });
  });

  it('skips an unknown label and falls back to the next declaration', () => {
    const body = iconv.encode(`<meta charset="windows-1256">${TEXT}`, 'windows-1256');
    expect(decodeBody(body, 'text/html; charset=x-nonsense')).toMatchObject({
      charset: 'windows-1256',
      source: 'document',
    });
  });

  it('decodes labels only iconv-lite knows (DOS Arabic cp720)', () => {
    const body = iconv.encode('<p>العراق</p>', 'cp720');
    expect(decodeBody(body, 'text/html; charset=cp720').text).toBe('<p>العراق</p>');
  });

  it('a forced charset wins', () => {
    const body = iconv.encode(TEXT, 'windows-1256');
    expect(decodeBody(body, 'text/html; charset=utf-8', 'windows-1256')).toMatchObject({
      text: TEXT,
      source: 'forced',
    });
  });

  it('never throws on garbage', () => {
    const garbage = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256);
    expect(typeof decodeBody(garbage, 'text/html; charset=utf-16').text).toBe('string');
    expect(decodeBody(new Uint8Array(0), null).text).toBe('');
  });
});
