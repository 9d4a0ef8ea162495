/**
 * /items/<id>: everything raqib stored about one item, in the order it happened — what was fetched, what was
 * extracted, the decision with its reasons and the topic thresholds it was held against, dedupe links, the
 * story and its members, each delivery of the story per channel, and feedback. What the database does not keep
 * (the HTTP status of the article fetch, where each date was read from) is said to be not recorded.
 */
import type { DashboardDeps } from '../dashboard-types.js';
import type { ItemDetail, ItemLink } from '../../../store/item-detail.js';
import { countOf, decisionBadge, formatScore, hrefWith, itemHref, storyHref, timeAgo } from '../format.js';
import { html, safeHref, type Html } from '../html.js';
import { isolate, localized } from '../text-dir.js';

const notRecorded = html`<span class="muted not-recorded">not recorded</span>`;

function field(label: string, value: Html | string | null | undefined, name?: string): Html {
  return html`<tr data-field="${name ?? label}">
    <th scope="row">${label}</th>
    <td>${value === null || value === undefined || value === '' ? notRecorded : value}</td>
  </tr>`;
}

function linkOf(url: string | null | undefined): Html | null {
  if (!url) return null;
  const href = safeHref(url);
  return href === '#'
    ? html`<code class="url">${url}</code>`
    : html`<a class="url" href="${href}" rel="noreferrer noopener">${url}</a>`;
}

/** The sentence comparing the score with the topic's thresholds. */
function thresholdLine(detail: ItemDetail, deps: DashboardDeps): Html {
  const { item } = detail;
  const topic = deps.topics?.find((t) => t.id === item.topicId);
  if (!topic)
    return html`<p data-role="thresholds">
      Thresholds: ${item.topicId ? html`topic ${item.topicId} is not loaded` : 'no topic recorded'} —
      ${notRecorded}.
    </p>`;
  const { alert, digest } = topic.thresholds;
  const score = item.score;
  let verdict: string;
  if (score === null) verdict = 'no score was recorded';
  else if (score >= alert) verdict = `score ${formatScore(score)} ≥ alert ${alert}: alert level`;
  else if (score >= digest)
    verdict = `score ${formatScore(score)} ≥ digest ${digest} but < alert ${alert}: digest level`;
  else verdict = `score ${formatScore(score)} < digest ${digest}: below both thresholds`;
  return html`<p data-role="thresholds">
    Topic <b>${topic.id}</b> thresholds: alert ≥ <b data-threshold="alert">${alert}</b>, digest ≥
    <b data-threshold="digest">${digest}</b>. <span data-role="verdict">${verdict}.</span>
  </p>`;
}

function whyLine(detail: ItemDetail): Html {
  const { item } = detail;
  if (item.duplicateOf)
    return html`<p class="drop-reason" data-why="duplicate">
      Dropped as a duplicate of
      <a href="${itemHref(item.duplicateOf)}">${detail.duplicateOf?.title ?? item.duplicateOf}</a>.
      ${item.dropReason ? html`<span class="muted">(${isolate(item.dropReason)})</span>` : ''}
    </p>`;
  if (item.dropReason)
    return html`<p class="drop-reason" data-why="${item.dropKind ?? 'other'}">
      Reason recorded: ${isolate(item.dropReason)}
    </p>`;
  if (item.decision === 'drop')
    return html`<p class="drop-reason" data-why="none">Dropped; no further reason was recorded.</p>`;
  return html``;
}

function itemRows(items: ItemLink[], deps: DashboardDeps, now: Date, currentId: string): Html {
  const outlet = (sourceId: string) => deps.sources.get(sourceId)?.name ?? sourceId;
  return html`<div class="table-wrap">
    <table class="cards members">
      <thead>
        <tr>
          <th>Outlet</th>
          <th>Headline</th>
          <th>Seen</th>
          <th>Score</th>
          <th>Decision</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (m) =>
            html`<tr data-item="${m.id}" class="${m.id === currentId ? 'current' : ''}">
              <td data-label="Outlet">
                ${isolate(outlet(m.sourceId))} <span class="muted small">${m.language ?? ''}</span>
              </td>
              <td data-label="Headline" class="headline-cell">
                <a href="${itemHref(m.id)}"
                  >${localized(m.title || m.url, {
                    lang: m.language,
                    dir: m.dir,
                    className: 'headline',
                    role: 'headline',
                  })}</a
                >${m.id === currentId ? html` <span class="muted small">(this item)</span>` : ''}
              </td>
              <td data-label="Seen">${timeAgo(m.fetchedAt, now)}</td>
              <td data-label="Score" class="num">${formatScore(m.score)}</td>
              <td data-label="Decision">${decisionBadge(m.duplicateOf ? 'duplicate' : m.decision)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function renderItemPage(detail: ItemDetail, deps: DashboardDeps): Html {
  const now = deps.now();
  const { item } = detail;
  const source = deps.sources.get(item.sourceId);
  const text = item.text ?? '';

  const fetched = html`<section id="fetched">
    <h2>Fetched</h2>
    <div class="table-wrap">
      <table class="fields">
        ${field('URL', linkOf(item.url), 'url')}
        ${field('Canonical URL', linkOf(item.canonicalUrl), 'canonical')}
        ${field('Feed GUID', item.guid ? html`<code class="url">${item.guid}</code>` : null, 'guid')}
        ${field(
          'Source',
          html`<a href="${hrefWith('/items', { source: item.sourceId })}"
              >${isolate(source?.name ?? item.sourceId)}</a
            >
            <span class="muted">(${item.sourceId})</span>`,
          'source',
        )}
        ${field('First seen', timeAgo(item.fetchedAt, now), 'seen')}
        ${field('Last updated', timeAgo(item.updatedAt, now), 'updated')}
        ${field(
          'Article page',
          item.fetchError
            ? html`<span class="error" data-why="fetch-error"
                >failed — stored from the feed entry: ${isolate(item.fetchError)}</span
              >`
            : html`<span class="ok">no fetch error recorded</span>`,
          'fetch-status',
        )}
        ${field('HTTP status of the article fetch', null, 'http-status')}
      </table>
    </div>
  </section>`;

  const revisions =
    detail.revisions.length > 0
      ? html`<h3>Earlier revisions</h3>
          <div class="table-wrap">
            <table class="revisions">
              <thead>
                <tr>
                  <th>Revision</th>
                  <th>Title</th>
                  <th>Text length</th>
                  <th>Replaced</th>
                </tr>
              </thead>
              <tbody>
                ${detail.revisions.map(
                  (r) =>
                    html`<tr>
                      <td class="num">${r.revision}</td>
                      <td>${localized(r.title, { lang: item.language })}</td>
                      <td class="num">${countOf(r.textLength, 'character')}</td>
                      <td>${timeAgo(r.seenAt, now)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
      : '';

  const extracted = html`<section id="extracted">
    <h2>Extracted</h2>
    <div class="table-wrap">
      <table class="fields">
        ${field(
          'Title',
          item.title
            ? localized(item.title, { lang: item.language, dir: item.dir, className: 'headline' })
            : null,
          'title',
        )}
        ${field('Author', item.author ? isolate(item.author) : null, 'author')}
        ${field('Language', item.language ? `${item.language} (${item.dir ?? 'direction not recorded'})` : null, 'language')}
        ${field('Published', item.publishedAt ? timeAgo(item.publishedAt, now) : null, 'published')}
        ${field('Modified', item.modifiedAt ? timeAgo(item.modifiedAt, now) : null, 'modified')}
        ${field('Where the dates came from', null, 'date-source')}
        ${field('Revision', `${item.revision}${item.contentHash ? ` · content hash ${item.contentHash.slice(0, 16)}` : ''}`, 'revision')}
        ${field('Lead', item.lead ? localized(item.lead, { lang: item.language, dir: item.dir, tag: 'div', className: 'lead' }) : null, 'lead')}
      </table>
    </div>
    <details class="article-text" ${text.length <= 1200 ? 'open' : ''}>
      <summary>Text (${countOf(text.length, 'character')})</summary>
      ${text ? localized(text, { lang: item.language, dir: item.dir, tag: 'div', className: 'text-body' }) : notRecorded}
    </details>
    ${revisions}
  </section>`;

  const reasons = [...item.reasons].sort((a, b) => b.weight - a.weight);
  const decision = html`<section id="decision">
    <h2>Decision</h2>
    <p>
      ${decisionBadge(item.duplicateOf ? 'duplicate' : item.decision)} score
      <b data-role="score">${formatScore(item.score)}</b>
    </p>
    ${thresholdLine(detail, deps)} ${whyLine(detail)}
    ${
      reasons.length > 0
        ? html`<div class="table-wrap">
            <table class="reasons-table">
              <thead>
                <tr>
                  <th>Evidence</th>
                  <th>Kind</th>
                  <th>Matched text</th>
                  <th>Weight</th>
                </tr>
              </thead>
              <tbody>
                ${reasons.map(
                  (r) =>
                    html`<tr data-weight="${r.weight < 0 ? 'negative' : 'positive'}">
                      <td>${isolate(r.label)}</td>
                      <td>${r.kind}</td>
                      <td>
                        ${r.match ? localized(r.match, { tag: 'bdi' }) : html`<span class="muted">—</span>`}
                      </td>
                      <td class="num">${r.weight > 0 ? '+' : ''}${r.weight}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">No evidence was recorded for this item.</p>`
    }
  </section>`;

  const dedupe = html`<section id="dedupe">
    <h2>Duplicates</h2>
    ${
      detail.duplicateOf
        ? html`<p data-role="duplicate-of">
            Duplicate of
            <a href="${itemHref(detail.duplicateOf.id)}"
              >${localized(detail.duplicateOf.title || detail.duplicateOf.url, {
                lang: detail.duplicateOf.language,
                tag: 'bdi',
              })}</a
            >
            (${isolate(deps.sources.get(detail.duplicateOf.sourceId)?.name ?? detail.duplicateOf.sourceId)}).
          </p>`
        : item.duplicateOf
          ? html`<p>Duplicate of ${item.duplicateOf} (that item is no longer stored).</p>`
          : html`<p class="muted">Not a duplicate of an earlier item.</p>`
    }
    ${
      detail.duplicates.length > 0
        ? html`<p>${countOf(detail.duplicates.length, 'later item')} joined this one as duplicates:</p>
            ${itemRows(detail.duplicates, deps, now, item.id)}`
        : html`<p class="muted">No later item was joined to this one as a duplicate.</p>`
    }
    <p class="muted small">
      Revisions of this item (changed title or text at the same address) are listed under Extracted.
    </p>
  </section>`;

  const story = detail.story
    ? html`<section id="story">
        <h2>Story</h2>
        <p>
          <a href="${storyHref(detail.story.id)}" data-role="story-link"
            >${localized(detail.story.title || detail.story.id, { lang: detail.story.lang, tag: 'bdi' })}</a
          >
          · ${decisionBadge(detail.story.decision)} best score ${formatScore(detail.story.bestScore)} ·
          ${countOf(detail.story.itemCount, 'item')} · first seen ${timeAgo(detail.story.firstSeenAt, now)}
        </p>
        ${itemRows(detail.members, deps, now, item.id)}
        ${
          detail.members.length < detail.story.itemCount
            ? html`<p class="small">
                <a href="${hrefWith('/items', { story: detail.story.id })}">all items of the story</a>
              </p>`
            : ''
        }
      </section>`
    : html`<section id="story">
        <h2>Story</h2>
        <p class="muted">Not part of a story (items below the digest threshold are not clustered).</p>
      </section>`;

  const deliveries = html`<section id="deliveries">
    <h2>Deliveries</h2>
    ${
      detail.deliveries.length === 0
        ? html`<p class="muted">
            ${detail.story ? 'The story was not sent to any channel.' : 'Nothing was sent.'}
          </p>`
        : html`<div class="table-wrap">
              <table class="cards deliveries">
                <thead>
                  <tr>
                    <th>Channel</th>
                    <th>State</th>
                    <th>Message</th>
                    <th>Posted</th>
                    <th>Edits</th>
                    <th>Attempts</th>
                    <th>Last error</th>
                  </tr>
                </thead>
                <tbody>
                  ${detail.deliveries.map(
                    (d) =>
                      html`<tr data-channel="${d.channelId}">
                        <td data-label="Channel">${d.channelId}</td>
                        <td data-label="State">${decisionBadge(d.state)}</td>
                        <td data-label="Message">
                          ${
                            d.discordMessageId
                              ? html`message <code>${d.discordMessageId}</code>${
                                    d.messageChannelId
                                      ? html` in channel <code>${d.messageChannelId}</code>`
                                      : ''
                                  }${
                                    d.threadId
                                      ? html`, thread
                                          <code>${d.threadId}</code>
                                          (${countOf(d.threadPostedCount, 'follow-up')})`
                                      : ''
                                  }`
                              : html`<span class="muted">no message</span>`
                          }
                          ${
                            d.itemId && d.itemId !== item.id
                              ? html`<div class="small">
                                  about <a href="${itemHref(d.itemId)}">another item of the story</a>
                                </div>`
                              : ''
                          }
                        </td>
                        <td data-label="Posted">${timeAgo(d.postedAt, now)}</td>
                        <td data-label="Edits" class="num">
                          ${countOf(Math.max(d.postedVersion - 1, 0), 'edit')}
                          ${
                            d.contentVersion > d.postedVersion
                              ? html`<div class="small">
                                  version ${d.contentVersion} waiting (posted ${d.postedVersion})
                                </div>`
                              : ''
                          }
                        </td>
                        <td data-label="Attempts" class="num">
                          ${d.attempts}${d.attempts > 1 ? html` <span class="small muted">(${countOf(d.attempts - 1, 'retry', 'retries')})</span>` : ''}
                        </td>
                        <td data-label="Last error" class="error wrap">
                          ${d.lastError ? isolate(d.lastError) : ''}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <p class="muted small">
              Links into Discord need the server (guild) id, which is not recorded; the message and channel
              ids are shown instead.
            </p>`
    }
  </section>`;

  const feedback = html`<section id="feedback">
    <h2>Feedback</h2>
    ${
      detail.feedback.length === 0
        ? html`<p class="muted">No one has labelled this item.</p>`
        : html`<ul class="feedback">
            ${detail.feedback.map(
              (f) =>
                html`<li data-label="${f.label}">
                  ${f.label === 'relevant' ? 'relevant' : 'not relevant'} — ${f.source} user
                  <code>${f.userId}</code>, ${timeAgo(f.updatedAt, now)}
                </li>`,
            )}
          </ul>`
    }
  </section>`;

  const title = html`<p class="item-title">
    ${localized(item.title || item.url, { lang: item.language, dir: item.dir, className: 'headline', role: 'headline', tag: 'span' })}
    <span class="small"
      ><a href="${safeHref(item.url)}" rel="noreferrer noopener">article ↗</a> ·
      <a href="/items">all items</a></span
    >
  </p>`;
  return html`<article class="item-page" data-item="${item.id}">
    ${title} ${decision} ${fetched} ${extracted} ${dedupe} ${story} ${deliveries} ${feedback}
  </article>`;
}
