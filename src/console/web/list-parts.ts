/** Pieces the items and stories lists share: the linked headline of an item, and the sort controls. */
import { itemHref } from './format.js';
import { html, safeHref, type Html } from './html.js';
import { localized } from './text-dir.js';

/** An item's headline linked to its page, in its own language and direction, with the article link under it. */
export function itemHeadline(
  item: { id: string; url: string; title: string | null; language: string | null; dir: string | null },
  extra: Html | string = '',
): Html {
  return html`<a href="${itemHref(item.id)}" data-role="item-link"
      >${localized(item.title || item.url, {
        lang: item.language,
        dir: item.dir,
        className: 'headline',
        role: 'headline',
      })}</a
    >
    <div class="small">
      <a href="${safeHref(item.url)}" rel="noreferrer noopener" class="muted">article ↗</a>${extra}
    </div>`;
}

/** The sort field and direction selects of a list form. */
export function sortControls<S extends string>(
  sorts: readonly S[],
  labels: Record<S, string>,
  list: { sort: S; direction: 'asc' | 'desc' },
): Html {
  return html`<label
      >Sort
      <select name="sort">
        ${sorts.map((s) => html`<option value="${s}" ${s === list.sort ? 'selected' : ''}>${labels[s]}</option>`)}
      </select></label
    >
    <label
      >Order
      <select name="dir">
        <option value="desc">newest / highest first</option>
        <option value="asc" ${list.direction === 'asc' ? 'selected' : ''}>oldest / lowest first</option>
      </select></label
    >`;
}
