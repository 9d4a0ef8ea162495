/**
 * Repairs UTF-8 text that was decoded as windows-1256 (or windows-1252) somewhere upstream and re-encoded, so
 * `الانسحاب` arrives as `ط§ظ„ط§ظ†ط³ط­ط§ط¨` (or `Ø§Ù„...`). Hand-written because no maintained package does this
 * for windows-1256; the method is the standard one (as in ftfy): map each suspicious run back to the bytes the wrong
 * decoder saw, and keep the UTF-8 decoding of those bytes only if it is well-formed. Pure.
 */
import iconv from 'iconv-lite';

interface ReverseTable {
  /** char → the single byte (0x80–0xFF) the legacy decoder turned into it. */
  byteOf: Map<string, number>;
  run: RegExp;
}

/**
 * Built from iconv-lite's tables (WHATWG index), not TextDecoder: Node ≥ 20.18.3 decodes windows-1252 0x80–0x9F as
 * C1 controls, so a table built from it could not map real `Ø§Ù„…` mojibake (made by correct decoders) back.
 */
function buildReverseTable(charset: string): ReverseTable {
  const byteOf = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) byteOf.set(iconv.decode(Buffer.of(byte), charset), byte);
  // Decoders that say "latin1" but mean ISO-8859-1 turn 0x80–0x9F into C1 controls rather than windows-1252 symbols.
  for (let byte = 0x80; byte <= 0x9f; byte++) {
    const c1 = String.fromCharCode(byte);
    if (!byteOf.has(c1)) byteOf.set(c1, byte);
  }
  const chars = [...byteOf.keys()].map((c) => `\\u{${c.codePointAt(0)?.toString(16)}}`).join('');
  return { byteOf, run: new RegExp(`[${chars}]{2,}`, 'gu') };
}

const tables = new Map<string, ReverseTable>();

function tableFor(charset: string): ReverseTable {
  let table = tables.get(charset);
  if (!table) {
    table = buildReverseTable(charset);
    tables.set(charset, table);
  }
  return table;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The UTF-8 reading of a run, or `undefined` when its bytes are not well-formed UTF-8. */
function repairRun(run: string, table: ReverseTable): string | undefined {
  const bytes = Uint8Array.from([...run], (c) => table.byteOf.get(c) ?? 0);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export interface MojibakeRepair {
  text: string;
  /** Runs replaced; 0 means the text was left as it was. */
  repairedRuns: number;
  /** The charset the text had been wrongly decoded as. */
  wrongCharset?: string;
}

const MARKERS: ReadonlyArray<[string, RegExp]> = [
  // UTF-8 Arabic lead bytes 0xD8/0xD9 read as windows-1256 are ط/ظ, followed by a continuation byte (0x80–0xBF);
  // `â€` is the start of UTF-8 punctuation (’ “ – …) read as either windows-1256 or windows-1252.
  ['windows-1256', /[طظ][\u0080-\u00bf\u0600-\u06ff\u2000-\u206f\u0152\u0153\u0192\u02c6\u2122]|â€/u],
  // UTF-8 lead bytes 0xC2–0xF4 read as windows-1252 (Ø/Ù for Arabic, Ã for accented Latin, â for punctuation).
  [
    'windows-1252',
    /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]/u,
  ],
];

function repairPass(text: string, table: ReverseTable): { text: string; runs: number } {
  let runs = 0;
  const repaired = text.replace(table.run, (run) => {
    const fixed = repairRun(run, table);
    if (fixed === undefined || fixed === run) return run;
    runs++;
    return fixed;
  });
  return { text: repaired, runs };
}

/**
 * Repair mojibake runs: a windows-1256 pass, then a windows-1252 pass for what is left. Text that is real Arabic
 * stays as is: real Arabic letters map to windows-1256 bytes 0xC1–0xFE, which never form well-formed multi-byte
 * UTF-8 sequences two letters long, so no run is rewritten.
 */
export function repairMojibake(text: string): MojibakeRepair {
  let current = text;
  let repairedRuns = 0;
  let wrongCharset: string | undefined;
  for (const [charset, marker] of MARKERS) {
    if (!marker.test(current)) continue;
    const pass = repairPass(current, tableFor(charset));
    if (pass.runs === 0) continue;
    current = pass.text;
    repairedRuns += pass.runs;
    wrongCharset ??= charset;
  }
  return wrongCharset === undefined
    ? { text, repairedRuns: 0 }
    : { text: current, repairedRuns, wrongCharset };
}
