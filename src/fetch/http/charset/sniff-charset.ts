/**
 * Guesses the charset of bytes that declare none (or declare UTF-8 but are not). The project's outlets are Arabic
 * and English, so the candidates are UTF-8, the two legacy Arabic single-byte encodings and windows-1252. Pure.
 */

const ARABIC_WORD_LETTERS = /[\u0621-\u064a]{2,}/gu;
const MIXED_SCRIPT = /[A-Za-z\u00c0-\u00ff][\u0621-\u064a]|[\u0621-\u064a][A-Za-z\u00c0-\u00ff]/gu;
const ARABIC_ARTICLE = /(?:^|[\s(«"'])ال[\u0621-\u064a]/gu;
const SUSPICIOUS = /[\ufffd\u0080-\u009f]/gu;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** Whether the bytes are well-formed UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Score of a decoding as Arabic prose: letters in Arabic words, the definite article at word starts (which tells
 * windows-1256 from ISO-8859-6: the same bytes decode to letters in both, but only the right one yields `ال`
 * word starts), minus words mixing Latin and Arabic letters (accented Latin read as Arabic) and minus
 * replacement and C1 control characters.
 */
function scoreDecoding(text: string): number {
  const wordLetters = (text.match(ARABIC_WORD_LETTERS) ?? []).reduce((sum, word) => sum + word.length, 0);
  return (
    wordLetters +
    20 * count(text, ARABIC_ARTICLE) -
    5 * count(text, MIXED_SCRIPT) -
    50 * count(text, SUSPICIOUS)
  );
}

/** The most likely charset of undeclared bytes: `utf-8` if they are valid UTF-8, otherwise the best-scoring
 *  of windows-1256, iso-8859-6 and windows-1252 (windows-1252 wins when no Arabic shows up). */
export function sniffCharset(bytes: Uint8Array): string {
  if (isValidUtf8(bytes)) return 'utf-8';
  const sample = bytes.subarray(0, 64 * 1024);
  let best = 'windows-1252';
  let bestScore = 0;
  for (const charset of ['windows-1256', 'iso-8859-6']) {
    const score = scoreDecoding(new TextDecoder(charset).decode(sample));
    if (score > bestScore) {
      best = charset;
      bestScore = score;
    }
  }
  return best;
}
