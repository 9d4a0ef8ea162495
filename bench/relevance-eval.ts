/**
 * `npm run eval:relevance [-- --corpus FILE] [--labels FILE]... [--topic ID] [--topics-dir DIR] [--json]
 * [--no-dates] [--errors-only] [--with-feedback [--data-dir DIR]]`
 *
 * `--with-feedback` adds the labels operators and subscribers stored (table `feedback`, read through DATABASE_URL
 * or the PGlite data dir) as extra labelled items (category `feedback`), and reports them separately too.
 *
 * Classifies a labelled corpus (default bench/data/corpus/relevance-dev.jsonl) and prints precision, recall
 * and F1 overall, per language and per category, every error with its reasons, the speed, and how F1 moves
 * if the alert threshold moves (a brittle threshold shows up there). The corpus `date` (taken from the
 * excerpt itself) is passed as `publishedAt`, as the pipeline passes the page's date; `--no-dates` turns it off.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { classifyItem } from '../src/classify/classify-item.js';
import { loadTopics } from '../src/classify/load-topics.js';
import type { Classification } from '../src/shared/types.js';
import { readFeedbackItems } from './relevance/feedback-items.js';
import { readLabelledItems, type LabelledItem } from './relevance/labelled-items.js';
import { computeMetrics, formatMetrics } from './relevance/metrics.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: resolve(repoRoot, 'bench/data/corpus/relevance-dev.jsonl') },
    labels: { type: 'string', multiple: true, default: [] },
    topic: { type: 'string', default: 'iraq-drawdown' },
    'topics-dir': { type: 'string', default: resolve(repoRoot, 'topics') },
    json: { type: 'boolean', default: false },
    'no-dates': { type: 'boolean', default: false },
    'errors-only': { type: 'boolean', default: false },
    'with-feedback': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: npm run eval:relevance -- [--corpus FILE] [--labels FILE]... [--topic ID] [--topics-dir DIR] [--json] [--no-dates] [--errors-only] [--with-feedback [--data-dir DIR]]',
  );
  process.exit(0);
}

const topic = loadTopics(values['topics-dir']).find((t) => t.id === values.topic);
if (!topic) {
  console.error(`no topic "${values.topic}" in ${values['topics-dir']}`);
  process.exit(2);
}

const feedback = values['with-feedback'] ? await readFeedbackItems({ dataDir: values['data-dir'] }) : null;
const items: LabelledItem[] = [
  ...readLabelledItems(values.corpus),
  ...values.labels.flatMap((file) => readLabelledItems(file)),
  ...(feedback?.items ?? []),
];

interface Row {
  item: LabelledItem;
  result: Classification;
  predicted: boolean;
}

const started = performance.now();
const rows: Row[] = items.map((item) => {
  const result = classifyItem(
    {
      title: item.title,
      text: item.text,
      lang: item.lang,
      publishedAt: values['no-dates'] ? null : item.date,
    },
    topic,
  );
  return { item, result, predicted: result.decision === 'alert' };
});
const coldMs = performance.now() - started;
// Warm passes for the speed figure (the first pass includes JIT warm-up and cache filling); the fastest of
// five is reported because other processes on the machine only ever slow a pass down.
// CPU time rather than wall time, so a busy machine does not distort the figure as much.
let elapsedMs = Infinity;
for (let pass = 0; pass < 5; pass += 1) {
  const cpuStart = process.cpuUsage();
  for (const item of items) classifyItem({ title: item.title, text: item.text, lang: item.lang }, topic);
  const used = process.cpuUsage(cpuStart);
  elapsedMs = Math.min(elapsedMs, (used.user + used.system) / 1000);
}

const langOf = (r: Row) => r.item.lang ?? 'unknown';
const overall = computeMetrics(rows.map((r) => ({ label: r.item.label, predicted: r.predicted })));
const languages = [...new Set(rows.map(langOf))].sort();
const perLanguage = Object.fromEntries(
  languages.map((lang) => [
    lang,
    computeMetrics(
      rows.filter((r) => langOf(r) === lang).map((r) => ({ label: r.item.label, predicted: r.predicted })),
    ),
  ]),
);
const categories = [...new Set(rows.map((r) => r.item.category ?? `label-${r.item.label}`))].sort();
const perCategory = categories.map((category) => {
  const inCat = rows.filter((r) => (r.item.category ?? `label-${r.item.label}`) === category);
  const wrong = inCat.filter((r) => (r.item.label === 1) !== r.predicted);
  return { category, n: inCat.length, errors: wrong.length, ids: wrong.map((r) => r.item.id) };
});
const errors = rows.filter((r) => (r.item.label === 1) !== r.predicted);
const feedbackRows = rows.filter((r) => r.item.category === 'feedback' && r.item.id.startsWith('feedback:'));
const feedbackMetrics = feedback
  ? computeMetrics(feedbackRows.map((r) => ({ label: r.item.label, predicted: r.predicted })))
  : null;

// Threshold sensitivity: how F1 changes if the alert threshold moves, scores unchanged.
const sensitivity = [-0.1, -0.05, 0, 0.05, 0.1].map((delta) => {
  const alert = Math.min(1, Math.max(0, topic.thresholds.alert + delta));
  const m = computeMetrics(rows.map((r) => ({ label: r.item.label, predicted: r.result.score >= alert })));
  return { alert: Number(alert.toFixed(2)), precision: m.precision, recall: m.recall, f1: m.f1 };
});

if (values.json) {
  console.log(
    JSON.stringify(
      {
        topic: topic.id,
        corpus: values.corpus,
        labels: values.labels,
        overall,
        perLanguage,
        perCategory,
        sensitivity,
        ...(feedback
          ? {
              feedback: {
                where: feedback.where,
                items: feedbackRows.length,
                ties: feedback.ties,
                ...feedbackMetrics,
              },
            }
          : {}),
        msPerItem: elapsedMs / Math.max(1, rows.length),
        errors: errors.map((r) => ({
          id: r.item.id,
          lang: r.item.lang,
          label: r.item.label,
          category: r.item.category,
          score: r.result.score,
          decision: r.result.decision,
          reasons: r.result.reasons.map((x) => x.label),
        })),
      },
      null,
      2,
    ),
  );
} else {
  const out: string[] = [];
  out.push(
    `topic ${topic.id} · ${rows.length} items (${values.corpus}${values.labels.length ? ` + ${values.labels.join(', ')}` : ''})`,
  );
  out.push(
    `thresholds: alert ≥ ${topic.thresholds.alert}, digest ≥ ${topic.thresholds.digest}; "predicted" = alert`,
  );
  out.push('');
  out.push(`overall   ${formatMetrics(overall)}`);
  for (const lang of languages) out.push(`lang ${lang.padEnd(4)} ${formatMetrics(perLanguage[lang]!)}`);
  if (feedback && feedbackMetrics) {
    out.push(
      `feedback  ${feedbackRows.length ? formatMetrics(feedbackMetrics) : 'no labelled items'} (${feedbackRows.length} items from ${feedback.where}, ${feedback.ties} evenly split skipped; included above)`,
    );
  }
  out.push('');
  if (!values['errors-only']) {
    out.push('per category (errors / n):');
    for (const c of perCategory) {
      out.push(
        `  ${c.category.padEnd(34)} ${String(c.errors).padStart(2)} / ${String(c.n).padEnd(3)} ${c.ids.join(' ')}`,
      );
    }
    out.push('');
    out.push('alert threshold sensitivity (same scores):');
    for (const s of sensitivity) {
      out.push(
        `  alert ≥ ${s.alert.toFixed(2)}  P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}`,
      );
    }
    out.push('');
    out.push(
      `speed: ${(elapsedMs / Math.max(1, rows.length)).toFixed(3)} ms CPU per item, warm (first pass with warm-up, wall clock: ${(coldMs / Math.max(1, rows.length)).toFixed(3)} ms)`,
    );
    out.push('');
  }
  out.push(`errors (${errors.length}):`);
  for (const r of errors) {
    const kind = r.item.label === 1 ? 'MISSED' : 'FALSE ALERT';
    out.push(
      `— ${kind} ${r.item.id} [${r.item.lang}] ${r.item.category ?? ''} score ${r.result.score} → ${r.result.decision}`,
    );
    out.push(`    ${r.item.text.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
    for (const reason of r.result.reasons) {
      const match = reason.match ? `  «${reason.match}»` : '';
      out.push(`    ${reason.weight >= 0 ? '+' : ''}${reason.weight.toFixed(2)}  ${reason.label}${match}`);
    }
  }
  console.log(out.join('\n'));
}
