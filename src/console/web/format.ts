/** Small display helpers shared by the pages: times, scores, query-string links. */
import { html, type Html } from './html.js';

/** "3 min ago" with the exact UTC time as a tooltip; "—" when absent. */
export function timeAgo(iso: string | null | undefined, now: Date): Html {
  if (!iso) return html`<span class="muted">—</span>`;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return html`<span class="muted">—</span>`;
  const seconds = Math.round((now.getTime() - t) / 1000);
  const abs = Math.abs(seconds);
  const unit =
    abs < 90
      ? `${abs} s`
      : abs < 90 * 60
        ? `${Math.round(abs / 60)} min`
        : abs < 48 * 3600
          ? `${Math.round(abs / 3600)} h`
          : `${Math.round(abs / 86400)} d`;
  const text = seconds >= 0 ? `${unit} ago` : `in ${unit}`;
  return html`<time datetime="${iso}" title="${iso}">${text}</time>`;
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : score.toFixed(2);
}

/** A link to `path` with the given query parameters (empty values left out). */
export function hrefWith(path: string, params: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** A decision as a coloured badge. */
export function decisionBadge(decision: string | null | undefined): Html {
  const value = decision ?? 'none';
  return html`<span class="badge badge-${value.replace(/[^a-z-]/g, '')}">${value}</span>`;
}
