/**
 * `/feedback`: the items people labelled (operators on the dashboard, subscribers through the alert's Discord
 * buttons), newest label first, each linked to its item page with the decision the pipeline took and its score,
 * so a disagreement (an alert marked not relevant, a drop marked relevant) is one click from its reasons.
 */
import type { Context } from 'hono';
import type { Db } from '../../store/db.js';
import { listLabelledItems, type LabelledFeedbackItem } from '../../store/feedback-repo.js';
import { decisionBadge, formatScore, itemHref } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { itemHeadline } from '../web/list-parts.js';

export const FEEDBACK_PAGE_LIMIT = 200;

/** The pipeline and the people disagree: an alert (or digest) judged not relevant, a drop judged relevant. */
export function disagreement(item: Pick<LabelledFeedbackItem, 'decision' | 'relevant' | 'notRelevant'>) {
  const posted = item.decision === 'alert' || item.decision === 'digest';
  if (posted && item.notRelevant > item.relevant) return 'posted, judged not relevant';
  if (item.decision === 'drop' && item.relevant > item.notRelevant) return 'dropped, judged relevant';
  return null;
}

export async function renderFeedbackPage(c: Context, db: Db): Promise<Html> {
  const only = c.req.query('only') === 'disagree';
  const all = await listLabelledItems(db, FEEDBACK_PAGE_LIMIT);
  const items = only ? all.filter((i) => disagreement(i) !== null) : all;
  if (all.length === 0)
    return html`<p class="muted" id="feedback-empty">
      No labels yet. Operators label items with the buttons under each story; subscribers with the buttons
      under each alert in Discord.
    </p>`;
  const rows = items.map((item) => {
    const conflict = disagreement(item);
    return html`<tr data-item="${item.itemId}" data-disagree="${conflict ? 'true' : 'false'}">
      <td data-label="Item" class="headline-cell">
        ${itemHeadline({ id: item.itemId, url: item.url, title: item.title, language: item.language, dir: null })}
      </td>
      <td data-label="Decision">
        ${decisionBadge(item.decision)}
        ${conflict ? html`<div class="small error" data-role="disagreement">${conflict}</div>` : ''}
      </td>
      <td data-label="Score" class="num">${formatScore(item.score)}</td>
      <td data-label="Relevant" class="num" data-relevant="${item.relevant}">${item.relevant}</td>
      <td data-label="Not relevant" class="num" data-not-relevant="${item.notRelevant}">
        ${item.notRelevant}
      </td>
      <td data-label="From">${item.sources.join(', ')}</td>
      <td data-label="Why"><a href="${itemHref(item.itemId)}#decision">reasons</a></td>
    </tr>`;
  });
  const disagreeing = all.filter((i) => disagreement(i) !== null).length;
  return html`<p class="muted">
      ${all.length === FEEDBACK_PAGE_LIMIT ? `The newest ${FEEDBACK_PAGE_LIMIT}` : `${all.length}`} labelled
      items, newest label first; ${disagreeing} where the labels disagree with the decision
      (${only ? html`<a href="/feedback">show all</a>` : html`<a href="/feedback?only=disagree">show only those</a>`}).
    </p>
    <table id="feedback" class="cards">
      <thead>
        <tr>
          <th>Item</th>
          <th>Decision</th>
          <th class="num">Score</th>
          <th class="num">Relevant</th>
          <th class="num">Not relevant</th>
          <th>From</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
}
