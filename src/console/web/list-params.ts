/**
 * Query parameters shared by the long lists (/items, /stories): date range (calendar days in the operator's
 * zone), sort and direction, page cursors, page size; and the pager links. Every value is checked: an unknown
 * sort, a malformed date or a forged cursor falls back to the default instead of reaching SQL.
 */
import type { Context } from 'hono';
import { DateTime } from 'luxon';
import type { SortDirection } from '../../store/console-lists.js';
import { displayTimeZone, hrefWith } from './format.js';
import { html, type Html } from './html.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The start of calendar day `text` (YYYY-MM-DD) in the display zone, plus `plusDays`; undefined if malformed. */
export function dayStart(text: string | undefined, plusDays = 0): Date | undefined {
  if (!text || !DAY.test(text)) return undefined;
  const day = DateTime.fromISO(text, { zone: displayTimeZone() });
  return day.isValid ? day.plus({ days: plusDays }).toJSDate() : undefined;
}

export interface ListParams<S extends string> {
  sort: S;
  direction: SortDirection;
  after: string | undefined;
  before: string | undefined;
  limit: number;
  /** YYYY-MM-DD as given (for the form). */
  fromDay: string | undefined;
  toDay: string | undefined;
  /** `from` day start and the start of the day after `to` (the range includes the whole `to` day). */
  from: Date | undefined;
  to: Date | undefined;
  text: string | undefined;
}

export function readListParams<S extends string>(
  c: Context,
  sorts: readonly S[],
  fallback: S,
): ListParams<S> {
  const q = (name: string) => c.req.query(name)?.trim() || undefined;
  const fromDay = q('from') && DAY.test(q('from') ?? '') ? q('from') : undefined;
  const toDay = q('to') && DAY.test(q('to') ?? '') ? q('to') : undefined;
  return {
    sort: sorts.find((s) => s === q('sort')) ?? fallback,
    direction: q('dir') === 'asc' ? 'asc' : 'desc',
    after: q('after'),
    before: q('before'),
    limit: Math.min(Math.max(Math.trunc(Number(q('limit'))) || 50, 1), 500),
    fromDay,
    toDay,
    from: dayStart(fromDay),
    to: dayStart(toDay, 1),
    text: q('q')?.slice(0, 200),
  };
}

/** "← newer · older →" links that keep every other parameter. */
export function pager(
  path: string,
  params: Record<string, string | number | undefined>,
  page: { next: string | null; prev: string | null },
  labels: { prev: string; next: string },
): Html {
  const keep = { ...params, after: undefined, before: undefined };
  const prev = page.prev
    ? html`<a rel="prev" data-page="prev" href="${hrefWith(path, { ...keep, before: page.prev })}"
        >← ${labels.prev}</a
      >`
    : html`<span class="muted">← ${labels.prev}</span>`;
  const next = page.next
    ? html`<a rel="next" data-page="next" href="${hrefWith(path, { ...keep, after: page.next })}"
        >${labels.next} →</a
      >`
    : html`<span class="muted">${labels.next} →</span>`;
  const first = page.prev ? html`<a data-page="first" href="${hrefWith(path, keep)}">first page</a>` : '';
  return html`<nav class="pager">${prev} ${first} ${next}</nav>`;
}
