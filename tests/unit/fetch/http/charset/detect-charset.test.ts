import { describe, expect, it } from 'vitest';
import {
  canonicalCharset,
  charsetFromBom,
  charsetFromContentType,
  charsetFromDocument,
} from '../../../../../src/fetch/http/charset/detect-charset.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('charset declarations', () => {
  it('reads the Content-Type parameter', () => {
    expect(charsetFromContentType('text/html; charset=Windows-1256')).toBe('windows-1256');
    expect(charsetFromContentType('text/html;charset="utf-8"')).toBe('utf-8');
    expect(charsetFromContentType('text/html')).toBeUndefined();
    expect(charsetFromContentType(null)).toBeUndefined();
  });

  it('reads BOMs', () => {
    expect(charsetFromBom(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toMatchObject({
      charset: 'utf-8',
      skip: 3,
    });
    expect(charsetFromBom(Uint8Array.of(0xff, 0xfe))).toMatchObject({ charset: 'utf-16le' });
    expect(charsetFromBom(Uint8Array.of(0x3c))).toBeUndefined();
  });

  it('reads meta charset, http-equiv and the XML prolog, skipping comments', () => {
    expect(charsetFromDocument(bytes('<html><head><meta charset="windows-1256">'))).toBe('windows-1256');
    expect(charsetFromDocument(bytes("<meta charset='UTF-8' />"))).toBe('utf-8');
    expect(
      charsetFromDocument(bytes('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">')),
    ).toBe('iso-8859-6');
    expect(charsetFromDocument(bytes('<?xml version="1.0" encoding="windows-1256"?><rss/>'))).toBe(
      'windows-1256',
    );
    expect(charsetFromDocument(bytes('<!-- <meta charset="koi8-r"> --><p>x</p>'))).toBeUndefined();
    expect(charsetFromDocument(bytes('<p>no declaration</p>'))).toBeUndefined();
  });

  it('canonicalises labels and rejects unknown ones', () => {
    const none = () => false;
    expect(canonicalCharset('cp1256', none)).toBe('windows-1256');
    expect(canonicalCharset('arabic', none)).toBe('iso-8859-6');
    expect(canonicalCharset('latin1', none)).toBe('windows-1252');
    expect(canonicalCharset('cp720', (l) => l === 'cp720')).toBe('cp720');
    expect(canonicalCharset('no-such-charset', none)).toBeUndefined();
  });
});
