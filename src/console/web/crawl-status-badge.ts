/** A crawl's status (ok, not-modified, partial, failed) as a small coloured label. */
import { html, type Html } from './html.js';

const TITLES: Record<string, string> = {
  ok: 'a layer served new content; no layer failed',
  'not-modified': 'the feed answered 304: nothing changed since the last crawl',
  partial: 'a layer served, but another layer failed',
  failed: 'no layer served',
};

export function crawlStatusBadge(status: string): Html {
  const cls =
    status === 'failed' ? 'error' : status === 'partial' ? 'error' : status === 'ok' ? 'ok' : 'muted';
  return html`<span class="small ${cls}" data-crawl-status="${status}" title="${TITLES[status] ?? ''}"
    >${status}</span
  >`;
}
