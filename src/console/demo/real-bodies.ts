/**
 * Real text for the demo's constructed outlet pages. The constructed fixtures (tests/fixtures/sources, built by
 * generate-constructed.ts) carry placeholder bodies and summaries ("نص مُنشأ للاختبار…", "Constructed test …");
 * the demo serves them with the text of a real news excerpt from the development corpus (bench/data/corpus, vendored
 * with the repository) instead. Each constructed headline gets the excerpt of its language that shares the most
 * (rare) words with it, on-topic or off-topic alike, each excerpt at most once, chosen once for the whole run in a
 * fixed order, so a page and its feed entry tell the same story and every run serves the same text. Seed pages carry
 * real text already and are not touched.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { guessLanguage, normalizeArabic, tokenize } from '../../shared/text/normalize-arabic.js';

export interface CorpusExcerpt {
  id: string;
  lang: string;
  text: string;
  label: number;
  /** The corpus's story slug (an event reported by several excerpts), if any. @defaultValue undefined */
  story?: string | null;
}

/** Placeholder text of the constructed fixtures: a body paragraph, or a summary. */
const PLACEHOLDER =
  /(?:ملخص|نص) مُنشأ للاختبار[^<\]"]*|Constructed test (?:item|text|summary)[^<\]"]*|A second constructed paragraph\.|Second paragraph\.|الفقرة الثانية\./gu;
/** Article pages of the fixtures are named article-N.html (listings, feeds and sitemaps are not). */
const ARTICLE_FILE = /(?:^|[/\\])article-[^/\\]*\.html?(?:\.gz)?$/u;

const WINDOW = 400;
const HAS_PLACEHOLDER = new RegExp(PLACEHOLDER.source, 'u');
const BODY_PLACEHOLDER = /^(?:نص مُنشأ للاختبار|Constructed test text)/u;
const SECOND_PARAGRAPH = /^(?:A second constructed paragraph\.|Second paragraph\.|الفقرة الثانية\.)$/u;

/** The corpus excerpts (`*.jsonl` in `dir`); lines that are not excerpts are skipped. */
export function loadCorpusExcerpts(dir: string): CorpusExcerpt[] {
  if (!existsSync(dir)) return [];
  const out: CorpusExcerpt[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const row = JSON.parse(line) as Record<string, unknown>;
        if (typeof row.id === 'string' && typeof row.text === 'string' && typeof row.lang === 'string')
          out.push({
            id: row.id,
            lang: row.lang,
            text: row.text,
            label: Number(row.label) === 1 ? 1 : 0,
            story: typeof row.story === 'string' ? row.story : null,
          });
      } catch {
        // not an excerpt line
      }
    }
  }
  return out;
}

/** The excerpt as article paragraphs: no date stamp, no short navigation lines, no sentence cut off at the end. */
export function excerptParagraphs(text: string): string[] {
  const lines = text
    .replace(/^\s*date \d{4}-\d{2}-\d{2}\s*/u, '')
    .split(/\n+/u)
    .map((l) => l.replace(/\s+/gu, ' ').trim())
    .filter((l) => l.length >= 40);
  const last = lines.at(-1);
  if (last && !/[.!?؟»”"]$/u.test(last)) {
    const end = Math.max(...['.', '!', '?', '؟'].map((p) => last.lastIndexOf(p)));
    if (end > 40) lines[lines.length - 1] = last.slice(0, end + 1);
    else if (lines.length > 1) lines.pop();
  }
  return lines.length > 0 ? lines : [text.trim()];
}

/** The first one or two sentences, for a feed or meta summary. */
function summaryOf(paragraphs: string[]): string {
  const first = paragraphs[0] ?? '';
  const sentences = first.match(/[^.!?؟]+[.!?؟]+/gu) ?? [first];
  const summary = sentences.slice(0, 2).join('').trim() || first;
  return summary.length > 300 ? `${summary.slice(0, 299).trimEnd()}…` : summary;
}

/** Matching words: normalised, without the article/conjunction prefix, three letters or more. */
function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of tokenize(normalizeArabic(text))) {
    const bare = token.replace(/^(?:و|ف|ب)?(?:ال|لل)(?=\p{L}{2})/u, '');
    if (bare.length >= 3) out.add(bare);
  }
  return out;
}

/** Word 4-grams of the normalised text (tags removed): what a copy of an article shares with the original. */
function shingles(text: string): Set<string> {
  const tokens = tokenize(normalizeArabic(text.replace(/<[^>]*>/gu, ' ')));
  const out = new Set<string>();
  for (let i = 0; i + 4 <= tokens.length; i++) out.add(tokens.slice(i, i + 4).join(' '));
  return out;
}

/** Share of an excerpt's 4-grams found on a served page above which the excerpt is a copy of that page. */
const COPY_SHARE = 0.3;

/**
 * Excerpts that must not become a constructed page's body: copies of an article a real (seed or recorded) page
 * already serves, and every other report of that copy's event (same corpus story). Otherwise the demo would show
 * one real event twice, under an unrelated constructed headline the second time.
 */
export function excerptsReportingServedPages(
  excerpts: readonly CorpusExcerpt[],
  servedPages: readonly string[],
): Set<string> {
  const served = new Set<string>();
  for (const page of servedPages) for (const s of shingles(page)) served.add(s);
  const copies = excerpts.filter((e) => {
    const own = shingles(e.text);
    if (own.size === 0) return false;
    let shared = 0;
    for (const s of own) if (served.has(s)) shared++;
    return shared / own.size >= COPY_SHARE;
  });
  const stories = new Set(copies.map((e) => e.story).filter((s): s is string => Boolean(s)));
  return new Set(
    excerpts.filter((e) => copies.includes(e) || (e.story && stories.has(e.story))).map((e) => e.id),
  );
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeXml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export interface BodyFiller {
  /** The file's text with placeholder bodies and summaries replaced (unchanged when it has none). */
  fill(text: string, file: string): string;
  /** Headline → corpus excerpt id, for the report and the tests. */
  assignments: ReadonlyMap<string, string>;
}

/** Headlines of the constructed items in a fixture file: its page title, or its feed entries' titles. */
function headlinesIn(text: string, file: string): string[] {
  const titles: string[] = [];
  const isArticle = ARTICLE_FILE.test(file);
  // A feed's entries count only when they carry a placeholder themselves (a seed's entry keeps its real text).
  const scopes = isArticle
    ? [text]
    : [...text.matchAll(/<item>[\s\S]*?<\/item>|<url>[\s\S]*?<\/url>/gu)]
        .map((m) => m[0])
        .filter((item) => HAS_PLACEHOLDER.test(item));
  for (const scope of scopes)
    for (const m of scope.matchAll(/<title>(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/title>/gu))
      titles.push(unescapeXml(m[1] ?? '').trim());
  for (const m of text.matchAll(/<news:title>([\s\S]*?)<\/news:title>/gu))
    titles.push(unescapeXml(m[1] ?? '').trim());
  return titles.filter((t) => t !== '');
}

type OnTopic = (headline: string, lang: string) => boolean | undefined;

/** Each headline (in the given order) → the most similar unused excerpt of its language and topicality. */
function assignExcerpts(
  headlines: string[],
  excerpts: CorpusExcerpt[],
  onTopic: OnTopic | undefined,
): Map<string, CorpusExcerpt> {
  const excerptWords = excerpts.map((e) => words(e.text.slice(0, WINDOW)));
  const df = new Map<string, number>();
  for (const set of excerptWords) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log((excerpts.length + 1) / ((df.get(w) ?? 0) + 0.5));

  const similarity = (titleWords: Set<string>, index: number) => {
    let score = 0;
    for (const w of titleWords) if (excerptWords[index]?.has(w)) score += idf(w);
    return score;
  };
  const used = new Set<number>();
  const chosen = new Map<string, CorpusExcerpt>();
  for (const headline of headlines) {
    const lang = guessLanguage(headline) ?? 'ar';
    const titleWords = words(headline);
    const ranked = excerpts
      .map((excerpt, index) => ({ excerpt, index, score: similarity(titleWords, index) }))
      .filter((r) => r.excerpt.lang === lang)
      .sort((a, b) => b.score - a.score || a.excerpt.id.localeCompare(b.excerpt.id));
    let vote = 0;
    for (const r of ranked.slice(0, 5)) vote += r.excerpt.label === 1 ? r.score : -r.score;
    const verdict = onTopic?.(headline, lang);
    const label = (verdict ?? vote > 0) ? 1 : 0;
    const pick = ranked.find((r) => r.excerpt.label === label && !used.has(r.index));
    if (!pick) continue;
    used.add(pick.index);
    chosen.set(headline, pick.excerpt);
  }

  return chosen;
}

/**
 * A filler for the constructed files among `files` (paths of fixture files; `.gz` ones are read unzipped), with
 * bodies from `excerpts`. Headlines are matched in sorted order so the assignment never depends on crawl order.
 */
export function createBodyFiller(
  files: string[],
  excerpts: CorpusExcerpt[],
  options: {
    /**
     * Whether the headline is on topic (the demo asks the topic files: does it name an actor of the topic?), so an
     * on-topic headline gets an on-topic excerpt and an off-topic one an off-topic excerpt. Without it, or when it
     * returns undefined, the five most similar excerpts vote by their labels.
     */
    onTopic?: OnTopic;
  } = {},
): BodyFiller {
  const read = (file: string) => {
    const bytes = readFileSync(file);
    return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  };
  const headlines = new Set<string>();
  const servedPages: string[] = [];
  for (const file of [...new Set(files)].sort()) {
    if (!existsSync(file)) continue;
    const text = read(file);
    if (!HAS_PLACEHOLDER.test(text)) {
      if (ARTICLE_FILE.test(file)) servedPages.push(text);
      continue;
    }
    for (const title of headlinesIn(text, file))
      if (!/مُنشأ للاختبار|onstructed/u.test(title)) headlines.add(title);
  }

  const reporting = excerptsReportingServedPages(excerpts, servedPages);
  const usable = excerpts.filter((e) => !reporting.has(e.id));
  const chosen = assignExcerpts([...headlines].sort(), usable, options.onTopic);

  const paragraphsOf = new Map([...chosen].map(([h, e]) => [h, excerptParagraphs(e.text)]));
  /** The headline a placeholder at `offset` belongs to: the last known headline written before it. */
  const headlineBefore = (text: string, offset: number): string | null => {
    let found: string | null = null;
    let at = -1;
    for (const headline of chosen.keys()) {
      for (const form of [headline, escapeHtml(headline)]) {
        const i = text.lastIndexOf(form, offset);
        if (i > at) {
          at = i;
          found = headline;
        }
      }
    }
    return found;
  };

  return {
    assignments: new Map([...chosen].map(([h, e]) => [h, e.id])),
    fill(text, file) {
      if (!HAS_PLACEHOLDER.test(text)) return text;
      const isArticle = ARTICLE_FILE.test(file);
      // Article bodies: the first placeholder paragraph becomes the excerpt's paragraphs, the rest go.
      let out = text;
      if (isArticle) {
        let replaced = false;
        out = out.replace(/<p>([^<]*)<\/p>\s*/gu, (whole, inner: string, offset: number) => {
          const content = inner.trim();
          if (SECOND_PARAGRAPH.test(content)) return '';
          if (!BODY_PLACEHOLDER.test(content)) return whole;
          const paragraphs = paragraphsOf.get(headlineBefore(out, offset) ?? '');
          if (!paragraphs) return whole;
          if (replaced) return '';
          replaced = true;
          return `${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}\n`;
        });
      }
      // Summaries (meta descriptions, feed entries, listing cards) and anything left: the excerpt's first sentences.
      return out.replace(PLACEHOLDER, (match, offset: number) => {
        const paragraphs = paragraphsOf.get(headlineBefore(out, offset) ?? '');
        if (!paragraphs) return match;
        return escapeHtml(summaryOf(paragraphs));
      });
    },
  };
}
