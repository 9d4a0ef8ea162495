/**
 * Right-to-left text done right: every piece of scraped text is marked with its language and direction, so
 * Arabic headlines render RTL inside the (LTR) dashboard and mixed runs do not scramble their neighbours.
 */
import { html, raw, type Html } from './html.js';

const RTL_LANGUAGES = new Set(['ar', 'fa', 'ur', 'he', 'ckb', 'ps', 'yi', 'dv']);
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const LTR_LETTER = /[A-Za-z\u00C0-\u024F]/;

export interface TextDirection {
  /** BCP-47 primary tag, when known. */
  lang: string | undefined;
  dir: 'rtl' | 'ltr' | 'auto';
}

/**
 * The direction of a piece of text: from its declared language first, then the stored page direction, then
 * the text's own letters (`auto` when there are none to go by).
 */
export function textDirection(text: string, lang?: string | null, storedDir?: string | null): TextDirection {
  const primary = lang?.toLowerCase().split('-')[0] || undefined;
  if (primary) return { lang: primary, dir: RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr' };
  if (storedDir === 'rtl' || storedDir === 'ltr') return { lang: undefined, dir: storedDir };
  const rtl = RTL_LETTER.test(text);
  const ltr = LTR_LETTER.test(text);
  if (rtl && !ltr) return { lang: undefined, dir: 'rtl' };
  if (ltr && !rtl) return { lang: undefined, dir: 'ltr' };
  return { lang: undefined, dir: 'auto' };
}

/**
 * A text element carrying `lang` and `dir`: `<span lang="ar" dir="rtl" class="…">…</span>`. Use for headlines,
 * leads and any scraped text; `tag: 'bdi'` isolates short runs (names, matched terms) inside other text.
 */
export function localized(
  text: string | null | undefined,
  options: {
    lang?: string | null;
    dir?: string | null;
    tag?: 'span' | 'bdi' | 'div' | 'p';
    className?: string;
    role?: string;
  } = {},
): Html {
  const value = text ?? '';
  const d = textDirection(value, options.lang, options.dir);
  const tag = options.tag ?? 'span';
  const lang = d.lang ? html` lang="${d.lang}"` : '';
  const cls = options.className ? html` class="${options.className}"` : '';
  const role = options.role ? html` data-role="${options.role}"` : '';
  return html`<${raw(tag)}${lang} dir="${d.dir}"${cls}${role}>${value}</${raw(tag)}>`;
}

/** A short run of unknown direction (source names, matched terms) isolated from its surroundings. */
export function isolate(text: string | null | undefined): Html {
  return html`<bdi>${text ?? ''}</bdi>`;
}
