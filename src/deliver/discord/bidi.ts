/**
 * Directional isolates for lines that mix Arabic and English (UAX #9): each run is wrapped in LRI/RLI/FSI … PDI
 * so neighbouring numbers, dates, counters and punctuation keep their order whatever the paragraph direction.
 */
import { isRightToLeft } from './fit-text.js';

export const LRI = '\u2066';
export const RLI = '\u2067';
export const FSI = '\u2068';
export const PDI = '\u2069';

export type LabelLanguage = 'ar' | 'en' | 'both';

/** A left-to-right run (English, dates, counters) isolated from its neighbours. */
export const ltr = (text: string): string => (text ? `${LRI}${text}${PDI}` : '');
/** A right-to-left run (Arabic) isolated from its neighbours. */
export const rtl = (text: string): string => (text ? `${RLI}${text}${PDI}` : '');
/** True when `text` is one isolate: it opens with LRI/RLI/FSI whose matching PDI is its last character. */
function isOneIsolate(text: string): boolean {
  if (!/^[\u2066-\u2068]/u.test(text)) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === LRI || c === RLI || c === FSI) depth++;
    else if (c === PDI && --depth === 0) return i === text.length - 1;
  }
  return false;
}

/**
 * A run of text already cleaned, isolated in the direction of its first strong character; text that already is
 * one isolate (fitDisplayText's RLI…PDI) is left as it is.
 */
export function isolate(text: string): string {
  if (!text) return '';
  if (isOneIsolate(text)) return text;
  return isRightToLeft(text) ? rtl(text) : ltr(text);
}

/**
 * A message label in the channel's language: `en`, `ar`, or both joined by ` · `, each run isolated so the pair
 * reads `Outlet · المصدر` in either paragraph direction.
 */
export function label(language: LabelLanguage, en: string, ar: string): string {
  if (language === 'en') return en;
  if (language === 'ar') return rtl(ar);
  return `${ltr(en)} · ${rtl(ar)}`;
}
