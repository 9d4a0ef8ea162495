/**
 * A plain-text rendering of an alert for the console, used when no Discord destination is configured.
 */
import { stripBidiControls } from '../shared/text/normalize-arabic.js';
import type { AlertView } from './discord/format-alert.js';

const FSI = '\u2068';
const PDI = '\u2069';

/**
 * Render `view` as a few readable lines. Scraped text is stripped of bidi controls and each value is wrapped in
 * first-strong isolates (FSI…PDI) so Arabic and Latin on one line keep their order in a terminal that does bidi.
 */
export function renderAlertPreview(view: AlertView): string {
  const iso = (text: string) => FSI + stripBidiControls(text).replace(/\s+/gu, ' ').trim() + PDI;
  const lines = [
    `── ALERT${view.updated ? ' (updated)' : ''} · score ${Number.isFinite(view.score) ? view.score.toFixed(2) : '?'} ──`,
    iso(view.headline),
    `${iso(view.outlet)}${view.publishedAt ? ` · ${view.publishedAt}` : ''}`,
  ];
  if (view.lead) lines.push(iso(view.lead.length > 400 ? `${view.lead.slice(0, 399)}…` : view.lead));
  for (const reason of view.reasons.slice(0, 3)) lines.push(`  • ${iso(reason)}`);
  lines.push(view.url);
  if (view.alsoReportedBy.length > 0) {
    lines.push(
      `Also reported by: ${view.alsoReportedBy.map((r) => `${iso(r.outlet)} <${r.url}>`).join(', ')}`,
    );
  }
  return lines.join('\n');
}
