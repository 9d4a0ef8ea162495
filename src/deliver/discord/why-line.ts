/**
 * The alert's one short "why" line in plain words, e.g. `Ain al-Asad · US forces leaving` /
 * `عين الأسد · انسحاب القوات الأميركية`, built only from the classification's typed evidence
 * (ClassificationEvidence), never from reason strings. The full reasons live on the dashboard's item page.
 */
import type { ClassificationEvidence, EvidenceTerm } from '../../shared/types.js';

import type { LabelLanguage } from './bidi.js';

export type { LabelLanguage } from './bidi.js';

const FSI = '\u2068';
const PDI = '\u2069';
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/u;

/**
 * Arabic names for the common actor/action ids of a topic file, used when the term's label carries no Arabic
 * part. A missing id falls back to the English label (never a wrong translation).
 */
const ARABIC_TERMS: Record<string, string> = {
  'us-forces': 'القوات الأميركية',
  coalition: 'التحالف الدولي',
  'coalition-alias': 'التحالف',
  'nato-mission': 'بعثة الناتو',
  withdrawal: 'انسحاب',
  departure: 'مغادرة',
  drawdown: 'تقليص',
  'end-of-mission': 'إنهاء مهمة',
  relocation: 'إعادة تموضع',
  handover: 'تسليم',
};

/** What an Arabic action noun takes after its actor: `تسليم القوات الأميركية القواعد` (handing over the bases). */
const ARABIC_OBJECT: Record<string, string> = { handover: 'القواعد' };

/** English verb phrases for action ids ("US forces leaving"); otherwise the action's label as a noun. */
const ENGLISH_ACTIONS: Record<string, string> = {
  withdrawal: 'withdrawing',
  departure: 'leaving',
  drawdown: 'drawing down',
  'end-of-mission': 'ending their mission',
  relocation: 'relocating',
  handover: 'handing over bases',
};

type Direction = ClassificationEvidence['direction'];
const DIRECTION_EN: Record<Direction, string | null> = {
  'out-of-iraq': 'out of Iraq',
  'within-iraq': 'within Iraq',
  'into-iraq': 'into Iraq',
  unknown: null,
};
const DIRECTION_AR: Record<Direction, string | null> = {
  'out-of-iraq': 'خارج العراق',
  'within-iraq': 'داخل العراق',
  'into-iraq': 'إلى العراق',
  unknown: null,
};
/**
 * "Out of Iraq" in the words each action takes: forces withdraw *from* Iraq, leave Iraq, draw down *in* Iraq (not
 * "leaving out of Iraq"); other actions and directions use the tables above.
 */
const OUT_EN: Record<string, string> = {
  withdrawal: 'from Iraq',
  departure: 'Iraq',
  drawdown: 'in Iraq',
  'end-of-mission': 'in Iraq',
  handover: 'in Iraq',
};
const OUT_AR: Record<string, string> = {
  withdrawal: 'من العراق',
  departure: 'العراق',
  drawdown: 'في العراق',
  'end-of-mission': 'في العراق',
  handover: 'في العراق',
};
const directionEn = (action: string, d: Direction) =>
  d === 'out-of-iraq' ? (OUT_EN[action] ?? DIRECTION_EN[d]) : DIRECTION_EN[d];
const directionAr = (action: string, d: Direction) =>
  d === 'out-of-iraq' ? (OUT_AR[action] ?? DIRECTION_AR[d]) : DIRECTION_AR[d];

/** The place is left out when the direction already names it ("Iraq · … from Iraq" says Iraq twice). */
const namedByDirection = (place: string | null, direction: string | null) =>
  place !== null && direction !== null && direction.includes(place);

/** `Ain al-Asad (عين الأسد)` → en `Ain al-Asad`, ar `عين الأسد`; a label without an Arabic part is English. */
function splitLabel(term: EvidenceTerm): { en: string; ar: string | null } {
  const match = /^(.*?)\s*\(([^()]*)\)\s*$/u.exec(term.label);
  if (match && ARABIC.test(match[2] ?? ''))
    return { en: (match[1] ?? '').trim(), ar: (match[2] ?? '').trim() };
  if (ARABIC.test(term.label)) return { en: term.label, ar: term.label };
  return { en: term.label.trim(), ar: null };
}

function englishLine(evidence: ClassificationEvidence): string {
  const place = evidence.place ? splitLabel(evidence.place).en : null;
  const actor = evidence.actor ? splitLabel(evidence.actor).en : null;
  const verb = ENGLISH_ACTIONS[evidence.action.id];
  const action = verb
    ? [actor ?? 'forces', verb].join(' ')
    : [splitLabel(evidence.action).en, actor ? `of ${actor}` : null].filter(Boolean).join(' ');
  const direction = directionEn(evidence.action.id, evidence.direction);
  const parts = [
    namedByDirection(place, direction) ? null : place,
    direction ? `${action} ${direction}` : action,
  ];
  if (evidence.timeScope === 'past') parts.push('earlier episode');
  return parts.filter(Boolean).join(' · ');
}

function arabicLine(evidence: ClassificationEvidence): string {
  // A term with no Arabic name keeps its English label, isolated inside the Arabic line.
  const ar = (term: EvidenceTerm) =>
    splitLabel(term).ar ?? ARABIC_TERMS[term.id] ?? `\u2066${splitLabel(term).en}${PDI}`;
  const place = evidence.place ? ar(evidence.place) : null;
  const actor = evidence.actor ? ar(evidence.actor) : 'القوات';
  const object = ARABIC_OBJECT[evidence.action.id];
  const action = [ar(evidence.action), actor, object].filter(Boolean).join(' ');
  const direction = directionAr(evidence.action.id, evidence.direction);
  const parts = [
    namedByDirection(place, direction) ? null : place,
    direction ? `${action} ${direction}` : action,
  ];
  if (evidence.timeScope === 'past') parts.push('حدث سابق');
  return parts.filter(Boolean).join(' · ');
}

/**
 * The why line for `language`, or null when there is no typed evidence. `both` puts each language in its own
 * first-strong isolate (FSI…PDI) so the Arabic and English runs keep their order on one line.
 */
export function whyLine(
  evidence: ClassificationEvidence | null | undefined,
  language: LabelLanguage,
): string | null {
  if (!evidence) return null;
  if (language === 'en') return englishLine(evidence);
  if (language === 'ar') return arabicLine(evidence);
  return `${FSI}${englishLine(evidence)}${PDI} / ${FSI}${arabicLine(evidence)}${PDI}`;
}
