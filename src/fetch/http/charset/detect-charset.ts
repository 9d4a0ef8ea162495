/**
 * Finds the charset a body declares: byte-order mark, Content-Type, then `<meta charset>` / `http-equiv` or the
 * XML prolog. Pure. Sniffing undeclared bytes is in `sniff-charset.ts`.
 */

/** How many leading bytes are scanned for an in-document declaration (HTML's prescan uses 1024; pages put
 *  long `<head>` preambles first, so we look further). */
const PRESCAN_BYTES = 4096;

export type CharsetSource = 'forced' | 'bom' | 'content-type' | 'document' | 'sniffed';

export interface DeclaredCharset {
  charset: string;
  source: CharsetSource;
  /** Bytes to skip (a BOM). */
  skip: number;
}

/** The charset named by a byte-order mark, if any. */
export function charsetFromBom(bytes: Uint8Array): DeclaredCharset | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { charset: 'utf-8', source: 'bom', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', source: 'bom', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', source: 'bom', skip: 2 };
  return undefined;
}

/** The `charset` parameter of a Content-Type header value. */
export function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*(["']?)([^"';,\s]+)\1/i.exec(contentType);
  return match?.[2]?.toLowerCase();
}

/** The charset an HTML `<meta>` or the XML prolog declares in the first bytes of the document. */
export function charsetFromDocument(bytes: Uint8Array): string | undefined {
  // latin1 maps every byte to one char, so ASCII markup is readable whatever the real encoding is.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, PRESCAN_BYTES)).toString(
    'latin1',
  );
  const prolog = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (prolog?.[1]) return prolog[1].trim().toLowerCase();
  const noComments = head.replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of noComments.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([^"'\s/>;]+)/i.exec(tag);
    if (direct?.[1] && !/\bhttp-equiv\b/i.test(tag)) return direct[1].toLowerCase();
    if (/\bhttp-equiv\s*=\s*["']?content-type/i.test(tag)) {
      const content = /\bcontent\s*=\s*(["'])([^"']*)\1/i.exec(tag)?.[2];
      const fromContent = content ? /charset\s*=\s*([^\s;"']+)/i.exec(content)?.[1] : undefined;
      if (fromContent) return fromContent.toLowerCase();
    }
  }
  return undefined;
}

/**
 * The canonical name of a charset label (`cp1256` → `windows-1256`, `latin1` → `windows-1252`), using the WHATWG
 * label table of `TextDecoder`, or `undefined` when neither TextDecoder nor iconv-lite knows it.
 */
export function canonicalCharset(label: string, iconvKnows: (label: string) => boolean): string | undefined {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return iconvKnows(label) ? label.toLowerCase() : undefined;
  }
}
