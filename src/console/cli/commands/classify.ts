/**
 * `raqib classify --input items.jsonl` (one JSON line out per line in) and `raqib explain <url|file>` (the
 * decision for one page with its reasons). Both use the topic files, so operators see exactly what the
 * pipeline would decide.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import * as cheerio from 'cheerio';
import type { Command } from 'commander';
import { pino } from 'pino';
import { classifyBest, decideAlert } from '../../../pipeline/article/decide-alert.js';
import type { CompiledTopic } from '../../../classify/compile-topic.js';
import { loadTopics } from '../../../classify/load-topics.js';
import { createSecondOpinion, type SecondOpinion } from '../../../classify/second-opinion.js';
import { loadEnv } from '../../../config/env.js';
import { extractArticle } from '../../../extract/extract-article.js';
import { guessLanguage } from '../../../shared/text/normalize-arabic.js';
import type { Classification } from '../../../shared/types.js';
import { openHttpClient } from '../../../app/cli-resources.js';
import type { RegisterCommand } from './index.js';
import { openInput, reportFailedLines } from './open-input.js';

const MAX_FILE_BYTES = 16 * 1024 * 1024;

interface TopicOptions {
  topic?: string;
  topicsDir?: string;
}

function pickTopics(options: TopicOptions): CompiledTopic[] {
  const dir = resolve(options.topicsDir ?? loadEnv().TOPICS_DIR);
  const topics = loadTopics(dir);
  if (options.topic === undefined) {
    if (topics.length === 0) throw new Error(`no topic files in ${dir}`);
    return topics;
  }
  const topic = topics.find((t) => t.id === options.topic);
  if (!topic)
    throw new Error(`no topic "${options.topic}" in ${dir} (have: ${topics.map((t) => t.id).join(', ')})`);
  return [topic];
}

function createReviewer(enabled: boolean | undefined): SecondOpinion | undefined {
  if (!enabled) return undefined;
  const env = loadEnv();
  if (!env.LLM_API_URL || !env.LLM_MODEL) throw new Error('--second-opinion needs LLM_API_URL and LLM_MODEL');
  return createSecondOpinion({ baseUrl: env.LLM_API_URL, model: env.LLM_MODEL, apiKey: env.LLM_API_KEY });
}

function addClassifyCommand(program: Command): void {
  program
    .command('classify')
    .description(
      'classify JSON lines {id, lang, text[, title, url, publishedAt]}; prints one JSON line per input',
    )
    .requiredOption('--input <file>', 'JSONL file, or - for stdin')
    .option('--topic <id>', 'topic id (default: every topic, best score wins)')
    .option('--topics-dir <dir>', 'topic folder (default: TOPICS_DIR)')
    .option('--second-opinion', 'ask the LLM_API_URL model about items near the alert threshold')
    .action(async (options: TopicOptions & { input: string; secondOpinion?: boolean }) => {
      const topics = pickTopics(options);
      const reviewer = createReviewer(options.secondOpinion);
      const input = openInput(options.input);
      const lines = createInterface({ input, crlfDelay: Infinity });
      let n = 0;
      let alerts = 0;
      let lineCount = 0;
      let failed = 0;
      for await (const line of lines) {
        n += 1;
        if (line.trim() === '') continue;
        lineCount += 1;
        let id: unknown = null;
        try {
          const raw = JSON.parse(line) as Record<string, unknown>;
          id = raw.id ?? null;
          if (typeof raw.text !== 'string') throw new Error('"text" must be a string');
          const str = (v: unknown) => (typeof v === 'string' ? v : null);
          const item = {
            title: str(raw.title),
            text: raw.text,
            lang: str(raw.lang),
            publishedAt: str(raw.publishedAt),
          };
          let result = classifyBest(item, topics);
          const topic = topics.find((t) => t.id === result.topicId);
          if (reviewer && topic)
            result = await reviewer.review({ id: String(id ?? n), ...item }, topic, result);
          // No crawl history or fetch time here: only the classification's own rules apply (no age, no hold).
          const decided = decideAlert({
            classification: result,
            publishedAt: item.publishedAt,
            at: new Date(),
            maxAlertAgeMs: 0,
            firstCrawl: { held: null },
            duplicateOf: null,
          });
          if (result.decision === 'alert') alerts += 1;
          const out = {
            id,
            topic: result.topicId,
            score: result.score,
            alert: result.decision === 'alert',
            decision: result.decision,
            reasons: result.reasons,
            dropKind: decided.reason?.kind ?? null,
          };
          process.stdout.write(`${JSON.stringify(out)}\n`);
        } catch (error) {
          failed += 1;
          process.stdout.write(
            `${JSON.stringify({ id, error: `line ${n}: ${(error as Error).message}` })}\n`,
          );
        }
        if (n % 1000 === 0) process.stderr.write(`classified ${n} lines…\n`);
      }
      process.stderr.write(`classified ${n} lines, ${alerts} alerts\n`);
      reportFailedLines('classify', failed, lineCount);
    });
}

interface PageText {
  title: string | null;
  text: string;
  lang: string | null;
  publishedAt: string | null;
  method: string;
}

function pageText(body: string, url: string | undefined): PageText {
  if (!/<(html|body|p|div|article)[\s>]/i.test(body)) {
    return { title: null, text: body, lang: guessLanguage(body), publishedAt: null, method: 'plain text' };
  }
  const a = extractArticle(body, url === undefined ? {} : { url });
  if (a.text.trim() !== '') {
    return {
      title: a.title,
      text: a.text,
      lang: a.lang,
      publishedAt: a.publishedAt,
      method: 'extractArticle',
    };
  }
  // The extractor found no article body (a listing or an odd layout): classify the whole page's text instead.
  const $ = cheerio.load(body);
  $('script, style, noscript, nav, header, footer, aside, form, iframe, svg').remove();
  const title = a.title ?? ($('h1').first().text().trim() || $('title').first().text().trim() || null);
  const text = $('body')
    .text()
    .replace(/[ \t\u00A0]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
  const lang = $('html').attr('lang')?.split('-')[0] ?? guessLanguage(text);
  return {
    title,
    text,
    lang,
    publishedAt: a.publishedAt,
    method: 'whole-page text (extractArticle found no article body)',
  };
}

async function fetchPage(url: string): Promise<string> {
  const env = loadEnv();
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const { http, close } = await openHttpClient(env, logger);
  try {
    const host = new URL(url).hostname;
    const result = await http.fetchText(url, {
      sourceId: 'explain',
      allowedHosts: [host],
      allowPrivateAddresses: false,
      maxInFlight: 1,
      minDelayMs: 0,
      obeyRobots: true,
    });
    if (result.kind !== 'ok') throw new Error(`${url}: not modified`);
    return result.text;
  } finally {
    await close();
  }
}

/** Human-readable explanation of one decision. */
export function formatExplanation(target: string, page: PageText, result: Classification): string {
  const lines = [
    target,
    `  title: ${page.title ?? '(none)'}`,
    `  language: ${page.lang ?? 'unknown'} · published: ${page.publishedAt ?? 'unknown'} · text: ${page.text.length} chars via ${page.method}`,
    `  topic ${result.topicId}: score ${result.score} → ${result.decision.toUpperCase()}`,
    '  reasons:',
  ];
  for (const r of result.reasons) {
    const match = r.match ? `  «${r.match}»` : '';
    lines.push(`    ${r.weight >= 0 ? '+' : ''}${r.weight.toFixed(2)}  ${r.label}${match}`);
  }
  return lines.join('\n');
}

function addExplainCommand(program: Command): void {
  program
    .command('explain <target>')
    .description('show the relevance decision for one page (URL or saved HTML/text file) with its reasons')
    .option('--topic <id>', 'topic id (default: every topic, best score wins)')
    .option('--topics-dir <dir>', 'topic folder (default: TOPICS_DIR)')
    .option('--url <url>', 'page address for a saved file (helps extraction resolve links)')
    .option('--second-opinion', 'ask the LLM_API_URL model if the score is near the alert threshold')
    .option('--json', 'print the decision as JSON')
    .action(
      async (
        target: string,
        options: TopicOptions & { url?: string; json?: boolean; secondOpinion?: boolean },
      ) => {
        const topics = pickTopics(options);
        const isUrl = /^https?:\/\//i.test(target);
        let body: string;
        if (isUrl) {
          body = await fetchPage(target);
        } else {
          if (statSync(target).size > MAX_FILE_BYTES)
            throw new Error(`${target}: larger than ${MAX_FILE_BYTES} bytes`);
          body = readFileSync(target, 'utf8');
        }
        const page = pageText(body, isUrl ? target : options.url);
        let result = classifyBest(page, topics);
        const reviewer = createReviewer(options.secondOpinion);
        const topic = topics.find((t) => t.id === result.topicId);
        if (reviewer && topic) result = await reviewer.review({ id: target, ...page }, topic, result);
        if (options.json) {
          console.log(
            JSON.stringify(
              {
                target,
                title: page.title,
                lang: page.lang,
                publishedAt: page.publishedAt,
                method: page.method,
                ...result,
              },
              null,
              2,
            ),
          );
        } else {
          console.log(formatExplanation(target, page, result));
        }
      },
    );
}

export const register: RegisterCommand = (program) => {
  addClassifyCommand(program);
  addExplainCommand(program);
};
