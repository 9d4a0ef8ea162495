/**
 * Turns body bytes into text: forced charset, else BOM, Content-Type, in-document declaration, then sniffing;
 * then repairs UTF-8-read-as-windows-1256 mojibake. Pure.
 */
import iconv from 'iconv-lite';
import {
  canonicalCharset,
  charsetFromBom,
  charsetFromContentType,
  charsetFromDocument,
  type CharsetSource,
} from './detect-charset.js';
import { repairMojibake } from './repair-mojibake.js';
import { isValidUtf8, sniffCharset } from './sniff-charset.js';

export interface DecodedBody {
  text: string;
  /** The charset used, e.g. `windows-1256`; with ` (repaired)` appended after mojibake repair. */
  charset: string;
  source: CharsetSource;
  repairedRuns: number;
}

function iconvKnows(label: string): boolean {
  return iconv.encodingExists(label);
}

/**
 * UTF-8/UTF-16 go through TextDecoder; every other charset iconv-lite knows goes through iconv-lite, whose tables
 * follow the WHATWG index. Node ≥ 20.18.3's TextDecoder decodes windows-1252 0x80–0x9F as C1 controls, losing
 * `€ “ ” — œ`.
 */
function decodeWith(bytes: Uint8Array, charset: string): string {
  if (!charset.startsWith('utf-') && iconv.encodingExists(charset)) {
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
  }
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
  }
}

/** Pick the charset: the first usable declaration wins, except that a UTF-8 claim on invalid UTF-8 is ignored. */
function chooseCharset(
  bytes: Uint8Array,
  contentType: string | null,
  forced: string | undefined,
): { charset: string; source: CharsetSource; skip: number } {
  if (forced) {
    const charset = canonicalCharset(forced, iconvKnows);
    if (charset) return { charset, source: 'forced', skip: charsetFromBom(bytes)?.skip ?? 0 };
  }
  const bom = charsetFromBom(bytes);
  if (bom) return bom;
  const declared: Array<[string | undefined, CharsetSource]> = [
    [charsetFromContentType(contentType), 'content-type'],
    [charsetFromDocument(bytes), 'document'],
  ];
  for (const [label, source] of declared) {
    if (!label) continue;
    let charset = canonicalCharset(label, iconvKnows);
    // A document cannot really be UTF-16 if its declaration was readable as ASCII (HTML spec: treat as UTF-8).
    if (charset?.startsWith('utf-16') && source === 'document') charset = 'utf-8';
    if (!charset) continue;
    if (charset === 'utf-8' && !isValidUtf8(bytes)) break;
    return { charset, source, skip: 0 };
  }
  return { charset: sniffCharset(bytes), source: 'sniffed', skip: 0 };
}

/**
 * Decode a body.
 * @param contentType the Content-Type header value, or null
 * @param forced a charset the source configured, used instead of detection when it is a known label
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null, forced?: string): DecodedBody {
  const { charset, source, skip } = chooseCharset(bytes, contentType, forced);
  const decoded = decodeWith(bytes.subarray(skip), charset);
  const repair = repairMojibake(decoded);
  return {
    text: repair.text,
    charset: repair.repairedRuns > 0 ? `${charset} (repaired)` : charset,
    source,
    repairedRuns: repair.repairedRuns,
  };
}
