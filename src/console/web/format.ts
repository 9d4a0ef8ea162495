/** Small display helpers shared by the pages: times (absolute in the operator's zone and relative), counts, scores, query-string links. */
import { html, type Html } from './html.js';

let displayZone: string | undefined;

/**
 * The zone absolute times are shown in: DASHBOARD_TIME_ZONE when the dashboard was given one (see
 * createDashboardApp), else the process's own zone (TZ). An unknown zone name falls back to the process zone.
 */
export function setDisplayTimeZone(zone: string | undefined): void {
  displayZone = zone && isTimeZone(zone) ? zone : undefined;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function displayTimeZone(): string {
  return displayZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * "3 Dec 18:02" in the display zone; the year is added when it is not `now`'s, and the zone when `withZone`
 * (pages say once which zone their times are in).
 */
export function absoluteTime(iso: string, now?: Date, withZone = false): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  const timeZone = displayTimeZone();
  const year = (at: number) => new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }).format(at);
  const sameYear = now !== undefined && year(t) === year(now.getTime());
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    ...(sameYear ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(withZone ? { timeZoneName: 'short' } : {}),
  }).format(t);
  return parts.replace(',', '');
}

/** "Asia/Baghdad (GMT+3)": the zone absolute times are shown in. */
export function displayZoneLabel(at: Date): string {
  const timeZone = displayTimeZone();
  const name = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return name && name !== timeZone ? `${timeZone} (${name})` : timeZone;
}

function relative(seconds: number): string {
  const abs = Math.abs(seconds);
  const unit =
    abs < 90
      ? `${abs} s`
      : abs < 90 * 60
        ? `${Math.round(abs / 60)} min`
        : abs < 48 * 3600
          ? `${Math.round(abs / 3600)} h`
          : `${Math.round(abs / 86400)} d`;
  return seconds >= 0 ? `${unit} ago` : `in ${unit}`;
}

/**
 * The absolute time in the operator's zone with the relative one beside it ("3 Dec 18:02 · 5 min ago"; the
 * layout names the zone once); the exact UTC instant is the tooltip and the `datetime`. "—" when absent.
 */
export function timeAgo(iso: string | null | undefined, now: Date): Html {
  if (!iso) return html`<span class="muted">—</span>`;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return html`<span class="muted">—</span>`;
  const exact = new Date(t).toISOString();
  return html`<time datetime="${exact}" title="${exact}"
    ><span class="abs">${absoluteTime(exact, now)}</span>
    <span class="rel">${relative(Math.round((now.getTime() - t) / 1000))}</span></time
  >`;
}

/** "1 item", "2 items"; `plural` defaults to singular + "s". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
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

/** Link to an item's page. */
export function itemHref(id: string): string {
  return `/items/${encodeURIComponent(id)}`;
}

/** Link to a story's page. */
export function storyHref(id: string): string {
  return `/stories/${encodeURIComponent(id)}`;
}
