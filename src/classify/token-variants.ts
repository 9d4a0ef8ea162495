/**
 * Surface-form variants of one normalised token, so a lexicon written in base forms matches inflected and
 * cliticised text. Hand-written because no maintained npm package does light Arabic clitic and affix
 * stripping (stemmers such as the ISRI port give roots, which merge unrelated words like حرير/تحرير).
 *
 * Two levels: `nominal` variants strip proclitics (و ف ب ل ك ال), pronoun and inflection suffixes; `verbal`
 * variants also strip the future س and the imperfect prefixes (ي ت ن ا), which would wrongly merge nouns
 * (تحرير → حرير), so only event terms are matched against them.
 */

export interface TokenVariants {
  nominal: ReadonlySet<string>;
  /** Nominal plus verb-prefix variants. */
  verbal: ReadonlySet<string>;
}

const ARABIC = /[\u0600-\u06FF]/;
const PRONOUN_SUFFIXES = ['هما', 'كما', 'هم', 'هن', 'ها', 'كم', 'نا', 'ه', 'ك', 'ي'];
const INFLECTION_SUFFIXES = ['تين', 'تان', 'ات', 'ون', 'ين', 'ان', 'وا', 'يه', 'ت', 'ا', 'ي', 'ه'];
const MIN_STEM = 3;

function stripSuffixes(base: string, out: Set<string>): void {
  out.add(base);
  const afterPronoun = [base];
  for (const suffix of PRONOUN_SUFFIXES) {
    if (base.endsWith(suffix) && base.length - suffix.length >= MIN_STEM) {
      const stem = base.slice(0, -suffix.length);
      out.add(stem);
      afterPronoun.push(stem);
    }
  }
  for (const form of afterPronoun) {
    for (const suffix of INFLECTION_SUFFIXES) {
      if (form.endsWith(suffix) && form.length - suffix.length >= MIN_STEM)
        out.add(form.slice(0, -suffix.length));
    }
  }
}

/** Bases after removing proclitics: و/ف, then ب/ل/ك (or لل = ل + ال), then the article ال. */
function stripProclitics(token: string): string[] {
  const first = [token];
  if (/^[وف]/.test(token) && token.length > 3) first.push(token.slice(1));
  const second = [...first];
  for (const base of first) {
    if (base.startsWith('لل') && base.length > 4) second.push(`ال${base.slice(2)}`);
    if (/^[بلك]/.test(base) && base.length > 3) second.push(base.slice(1));
  }
  const third = [...second];
  for (const base of second) {
    if (base.startsWith('ال') && base.length > 4) third.push(base.slice(2));
  }
  return [...new Set(third)];
}

function arabicVariants(token: string): TokenVariants {
  const nominal = new Set<string>();
  const bases = stripProclitics(token);
  for (const base of bases) stripSuffixes(base, nominal);
  const verbal = new Set(nominal);
  for (const base of bases) {
    const unfuture = /^س[يتنا]/.test(base) && base.length > 4 ? [base, base.slice(1)] : [base];
    for (const form of unfuture) {
      if (/^[يتنا]/.test(form) && form.length >= 4) {
        const rest = form.slice(1);
        stripSuffixes(rest, verbal);
        stripSuffixes(`ا${rest}`, verbal);
      }
    }
  }
  return { nominal, verbal };
}

function latinVariants(token: string): TokenVariants {
  const out = new Set([token]);
  if (token.length > 4 && token.endsWith('ing')) {
    const base = token.slice(0, -3);
    out.add(base).add(`${base}e`);
  }
  if (token.length > 3 && token.endsWith('ed')) {
    const base = token.slice(0, -2);
    out.add(base).add(`${base}e`);
  }
  if (token.length > 3 && token.endsWith('es')) out.add(token.slice(0, -2));
  if (token.length > 3 && token.endsWith('s') && !token.endsWith('ss')) out.add(token.slice(0, -1));
  return { nominal: out, verbal: out };
}

function computeVariants(token: string): TokenVariants {
  if (ARABIC.test(token)) return arabicVariants(token);
  if (/^[a-z]+$/.test(token)) return latinVariants(token);
  const self = new Set([token]);
  return { nominal: self, verbal: self };
}

// Variants are a pure function of the token and news vocabulary repeats, so a process-wide cache makes
// classification several times faster. Cleared wholesale when full: simple, bounded, and results unchanged.
const CACHE_LIMIT = 100_000;
const MAX_CACHED_TOKEN = 40;
const cache = new Map<string, TokenVariants>();

/**
 * All variants of one token from `normalizeArabic` output. Digits and other scripts only match themselves.
 */
export function generateVariants(token: string): TokenVariants {
  const cached = cache.get(token);
  if (cached !== undefined) return cached;
  const variants = computeVariants(token);
  if (token.length <= MAX_CACHED_TOKEN) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(token, variants);
  }
  return variants;
}

/**
 * The canonical form a lexicon token is stored under: Arabic loses a leading article (ال) so that definite
 * and indefinite text forms both reach it through `generateVariants`.
 */
export function canonicalTermToken(token: string): string {
  if (ARABIC.test(token) && token.startsWith('ال') && token.length > 4) return token.slice(2);
  return token;
}
