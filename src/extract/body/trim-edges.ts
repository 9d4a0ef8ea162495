/**
 * Furniture that sits inside the article container, before or after the prose: reading-time and byline/date lines at
 * the top; follow/contact/newsletter/comment prompts and "More stories" lists at the bottom. Only the edges are
 * trimmed, and only lines that match, so a sentence in the middle of the article is never touched.
 */

/** How many paragraphs at each edge are looked at. */
const EDGE_WINDOW = 8;

// Lines that open a call to action or a site plug ("Follow us on", "Subscribe to our newsletter", "Tell us what you
// think", "Like this story? Share it").
const TAIL_OPENING =
  /^(?:follow (?:us|him|her|them|the|our|@)|join (?:us|our|the conversation)|subscribe\b|sign up\b|get (?:the latest|our|the best)\b.*\b(?:inbox|newsletter)|have a (?:news )?tip\b|got a (?:news )?tip\b|tell us what|let us know what you think|like this(?: story| article| post)?[?:]|share (?:this|it) with|leave a (?:comment|reply)|(?:post a |add a |view |show )?comments?(?: \(\d+\))?$|click here (?:to|for) (?:subscribe|sign up|more information|get)|(?:\[[a-z_]+(?: [^\]]*)?\]))/i;

// A sentence that points at the author's or the site's inboxes and accounts.
const CONTACT =
  /\b(?:email|e-mail|write to|reach(?:ed)? (?:him|her|them|us|at)|contact (?:him|her|them|us)|follow (?:him|her|them|us)|letters to the editor)\b/i;
// The comment section's house rules ("opinions below do not reflect…", "comments are moderated").
const COMMENT_WORD = /comment|comentári|comentari|commentaire|kommentar|تعليق|التعليقات/i;
const COMMENT_RULE =
  /modera|guideline|policy|house rules|below|discussion|respect|إرشادات|مراجعة|أدناه|النقاش|الآراء/i;
const OPINIONS_BELOW = /(?:opinions?|views|comments?|الآراء|التعليقات)\s.{0,40}(?:below|أدناه)/i;

// A short plug for the site's newsletter or print subscription.
const SUBSCRIPTION =
  /\b(?:subscribe|subscription|newsletters?|delivered (?:to|through|straight to|right to) your (?:door|letterbox|mailbox|inbox))\b/i;
const ADDRESS = /[\w.+-]+@[\w-]+\.[\w.]+|(?:^|\s)@\w{2,}/;

// "More Great WIRED Stories", "Related articles", "Recommended for you": a heading that opens a list of links.
const MORE_HEADING =
  /^(?:(?:more|related|recommended|popular|latest|top|trending|further|other)\b.{0,40}\b(?:stories|articles|news|posts|reads|reading|videos|for you)|you (?:might|may|will) (?:also )?(?:like|enjoy|be interested in)|(?:قد )?(?:يعجبك|يهمك|يهمّك) (?:أيضا|أيضاً|ايضا)|(?:أخبار|اخبار|مقالات|مواضيع|قصص) (?:ذات صلة|مقترحة|مشابهة)|الأكثر (?:قراءة|مشاهدة)|المزيد من (?:الأخبار|الاخبار|المقالات))[.:…]*$/i;

// Top-of-article lines: reading time, "By …" bylines, "Text: …" credits.
const READING_TIME =
  /^(?:(?:estimated )?reading time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit|tempo di lettura|وقت القراءة|مدة القراءة)\b|^\d+\s*(?:min(?:ute)?s?|دقائق|دقيقة)\s+(?:read|de leitura|de lectura|de lecture|قراءة)\b/i;
const HANDLE = /^@\w{2,}$/;
// A clock time or an all-digit date; a bare year is not enough ("Calendar 2018" is a heading).
const DATE_TOKEN = /[\d٠-٩]{1,2}:[\d٠-٩]{2}(?![\d٠-٩])|[\d٠-٩]{1,4}[./-][\d٠-٩]{1,2}[./-][\d٠-٩]{2,4}/;
// Arabic credit labels, always with a colon: "حوار: …" (interview by), "تقرير: …", "ترجمة: …".
const ARABIC_CREDIT = /^(?:حوار|تقرير|متابعة|ترجمة|تحرير|تصوير|مراسلنا|مراسل)\s*[:：]\s*\S/;
const BYLINE =
  /^(?:by|von|por|par|di|door|av|text|текст|автор|author|role|بقلم|كتب|كتبت|إعداد|الكاتب|المؤلف|المحرر)\s*[:,،\s]\s*\S/i;

/** Remove furniture lines from the start and the end of the article's paragraphs. */
export function trimEdges(paragraphs: readonly string[]): string[] {
  let start = 0;
  let end = paragraphs.length;
  while (start < end && start < EDGE_WINDOW && isHeadFurniture(paragraphs[start] ?? '')) start++;
  // "More stories" heading near the end: it and the list after it go.
  for (let i = Math.max(start + 1, end - EDGE_WINDOW); i < end; i++) {
    if (MORE_HEADING.test(paragraphs[i] ?? '')) {
      end = i;
      break;
    }
  }
  while (
    end > start + 1 &&
    paragraphs.length - end < EDGE_WINDOW &&
    isTailFurniture(paragraphs[end - 1] ?? '')
  )
    end--;
  return paragraphs.slice(start, end);
}

function isHeadFurniture(text: string): boolean {
  if (text.length > 120) return false;
  if (READING_TIME.test(text) || HANDLE.test(text)) return true;
  // A lone label ("Topic:", "الموضوع:") before the first paragraph.
  if (/[:：]$/.test(text) && text.split(/\s+/).length <= 3) return true;
  // A dateline without a sentence: "Chris Davies - Nov 19, 2019, 10:31 pm CST", "05/10/2018 - Publicado por: …".
  if (text.length < 100 && !/[.!?؟]$/.test(text) && DATE_TOKEN.test(text) && text.split(/\s+/).length <= 14)
    return true;
  if (ARABIC_CREDIT.test(text) && text.split(/\s+/).length <= 8) return true;
  return BYLINE.test(text) && text.split(/\s+/).length <= 10 && !/[.!?؟]$/.test(text);
}

function isTailFurniture(text: string): boolean {
  if (text.length > 300) return false;
  if (TAIL_OPENING.test(text)) return true;
  // A lone label whose list of links was dropped ("Tags:", "See also:", "الكلمات الدلالية:").
  if (/[:：]$/.test(text) && text.split(/\s+/).length <= 3) return true;
  if (text.length < 200 && SUBSCRIPTION.test(text)) return true;
  if (OPINIONS_BELOW.test(text) || (COMMENT_WORD.test(text) && COMMENT_RULE.test(text))) return true;
  return ADDRESS.test(text) && CONTACT.test(text);
}
