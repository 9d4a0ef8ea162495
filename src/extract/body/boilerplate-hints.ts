/**
 * Hints that mark page furniture (navigation, share bars, "read also" boxes, related lists, comments, ads) by tag,
 * role, class/id (English and Arabic) or by the text a block starts with.
 */
import type { DomElement } from '../dom/dom-node.js';

/** Tags whose whole subtree is never article text. */
export const DROP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'canvas',
  'iframe',
  'object',
  'embed',
  'video',
  'audio',
  'button',
  'input',
  'select',
  'textarea',
  'option',
  'nav',
  'aside',
  'footer',
  'head',
  'title',
  'meta',
  'link',
  'dialog',
  'figcaption',
  'menu',
  'map',
  'form',
]);

/** Of {@link DROP_TAGS}, those that broken markup sometimes wraps around the whole page (ASP.NET forms, unclosed navs). */
export const SEMANTIC_DROP_TAGS = new Set(['nav', 'aside', 'footer', 'form', 'menu', 'dialog', 'figure']);

const DROP_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'menu',
  'menubar',
  'dialog',
  'alertdialog',
  'search',
  'toolbar',
  'tablist',
]);

// Matched against each class name and the id. Long words match as prefixes (so camelCase compounds such as
// "relatedPosts" match too); short ones only as whole hyphen/underscore-separated parts ("ad" must not hit "address").
const BOILERPLATE_PREFIX =
  /(?:^|[_-])(?:share|sharing|social|related|recirc|comment|disqus|newsletter|subscri|signup|promo|advert|sponsor|outbrain|taboola|breadcrumb|author-?bio|about-?author|popup|cookie|consent|paywall|toolbar|pagination|next-?article|prev-?article|more-?(?:stories|news|articles|from)|most-?(?:read|popular|viewed)|popular|trending|read-?(?:also|more|next)|also-?read|see-?also|recommend|widget|sidebar|masthead|visually-?hidden|screen-?reader|newsletter|app-?promo|jump-?link|end-of-|كلمات|وسوم|ذات|اقرأ|إقرأ|اقرا|شارك|مشاركة|تعليق|الأكثر|اعلان|إعلان)/;
const BOILERPLATE_WORD =
  /(?:^|[_-])(?:ad|ads|adsbygoogle|adunit|adslot|dfp|gpt|tag|tags|taglist|keywords|bio|modal|pager|no-?print|print-?none|hidden-print|print-only|caption|credit|credits|byline|dateline|timestamp|meta|menu|toc|skip|sr-only|player|follow|footer|nav|navbar|topics|subnav|sharebar|copyright|rating|reactions|emoji)(?:$|[_-])/;

// A class name or id part that says "this is the content" (e.g. "page-content", "article-body", "entry").
const CONTENT_PART =
  /(?:^|[_-])(?:content|body|article|articlebody|story|main|text|entry|hentry|post|prose|wysiwyg|الخبر|المقال|النص|محتوى)(?:$|[_-])/;

// Positive and negative weights for candidate containers, as in Readability's class weighting.
const POSITIVE_WEIGHT =
  /article|body|content|entry|main|page|post|text|blog|story|wysiwyg|prose|مقال|الخبر|محتوى|نص/i;
const NEGATIVE_WEIGHT =
  /hidden|banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|teaser|card|recirc|newsletter|تعليق|ذات صلة|اقرأ/i;

/** The class and id of an element joined, lower-cased. */
export function classAndId(el: DomElement): string {
  const cls = el.attribs['class'] ?? '';
  const id = el.attribs['id'] ?? '';
  return cls || id ? `${cls} ${id}`.toLowerCase() : '';
}

/**
 * True when the element is page furniture by tag, role, ARIA or inline style, regardless of its text.
 * @param ignoreHidden - do not count hiding (`hidden`, `aria-hidden`, `display:none`, hiding classes) as furniture:
 *   the second pass for a story that script reveals
 */
export function isStructuralBoilerplate(el: DomElement, ignoreHidden = false): boolean {
  if (DROP_TAGS.has(el.name)) return true;
  const role = el.attribs['role'];
  if (role && DROP_ROLES.has(role.toLowerCase())) return true;
  return !ignoreHidden && isHiddenElement(el);
}

/** Hidden on screen until script shows it: `hidden`, `aria-hidden="true"`, `display:none`, hiding classes. */
export function isHiddenElement(el: DomElement): boolean {
  const attribs = el.attribs;
  if ('hidden' in attribs) return true;
  if (attribs['aria-hidden'] === 'true') return true;
  const style = attribs['style'];
  if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  const cls = attribs['class'];
  return cls ? isHiddenByClass(cls) : false;
}

/**
 * CSS-framework classes that hide an element on screen ("d-none", "hidden", "is-hidden"), unless another class
 * shows it again at some screen size ("d-none d-md-block", "hidden visible-lg").
 */
function isHiddenByClass(cls: string): boolean {
  const names = cls.toLowerCase().split(/\s+/);
  if (!names.some((n) => /^(?:d-none|hidden|is-hidden|hide|display-none|u-hidden)$/.test(n))) return false;
  return !names.some((n) =>
    /^(?:d-(?:sm|md|lg|xl|xxl)-(?!none)|visible-|show-(?:sm|md|lg|xl)|(?:sm|md|lg|xl):)/.test(n),
  );
}

/**
 * True when a class name or the id says furniture and none says content. BEM names are judged by their last
 * element ("rail__body" is a body, "article__share" is furniture).
 */
export function hasBoilerplateHint(el: DomElement): boolean {
  const cls = el.attribs['class'] ?? '';
  const id = el.attribs['id'] ?? '';
  // A region named by ARIA: the id of its heading ("podcast-promo") or its label ("Related stories").
  const labelledBy = el.attribs['aria-labelledby'] ?? '';
  const label = el.attribs['aria-label'];
  if (label && isBoilerplateText(label.trim())) return true;
  if (!cls && !id && !labelledBy) return false;
  // camelCase compounds ("emailSignup", "newsCaption") are split into parts before matching.
  const hint = `${cls} ${id} ${labelledBy}`.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  let furniture = false;
  for (const full of hint.split(/\s+/)) {
    if (!full) continue;
    const cut = full.lastIndexOf('__');
    const name = cut >= 0 ? full.slice(cut + 2) : full;
    const isFurniture = BOILERPLATE_PREFIX.test(name) || BOILERPLATE_WORD.test(name);
    if (!isFurniture && CONTENT_PART.test(name)) return false;
    if (isFurniture) furniture = true;
  }
  return furniture;
}

/** Readability-style class weight in [-25, 25]. */
export function getClassWeight(el: DomElement): number {
  const hint = classAndId(el);
  if (!hint) return 0;
  let weight = 0;
  if (POSITIVE_WEIGHT.test(hint)) weight += 25;
  if (NEGATIVE_WEIGHT.test(hint)) weight -= 25;
  return weight;
}

/** Openings of blocks that are furniture whatever their markup: "read also", "share", "advertisement"… */
const BOILERPLATE_TEXT =
  /^(?:(?:read|see) (?:also|more)|related(?: (?:articles?|stories|content|coverage|posts?|news))?:?|more (?:on|from|about)|recommended|advertisement|sponsored|share (?:this|on)|follow us|sign up|subscribe|click here|continue reading|this (?:slideshow|video|content) requires|please enable javascript|you must enable javascript|(?:\(|\[)?(?:photo|image|video|picture)s?:|اقرأ أيضا|اقرأ ايضا|اقرأ أيضًا|اقرأ المزيد|إقرأ أيضا|اقرا ايضا|إقرأ أيضاً|اقرأ أيضاً|شاهد أيضا|شاهد ايضا|طالع أيضا|مواضيع ذات صلة|أخبار ذات صلة|اخبار ذات صلة|مقالات ذات صلة|ذات صلة|المزيد من|المزيد حول|more about this|شارك(?:ها)? (?:على|عبر)|تابعونا|تابعوا|إعلان|اعلان)/i;

/** True when a block's text opens like a "read also" / share / ad line. */
export function isBoilerplateText(text: string): boolean {
  return BOILERPLATE_TEXT.test(text);
}
