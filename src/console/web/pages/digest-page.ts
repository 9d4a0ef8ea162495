/**
 * Digest: today's digest of each channel as a page (the same data the digest stage sends), and, once today's
 * is due, the next one as it stands so far.
 */
import type { Context } from 'hono';
import type { Digest } from '../../../digest/digest-types.js';
import { DigestRequestError, loadDigest } from '../../../pipeline/digest/load-digest.js';
import type { DashboardDeps } from '../dashboard-types.js';
import { absoluteTime, countOf, formatScore, hrefWith, itemHref, storyHref, timeAgo } from '../format.js';
import { html, safeHref, type Html } from '../html.js';
import { isolate, localized } from '../text-dir.js';

export async function renderDigestPage(c: Context, deps: DashboardDeps): Promise<Html> {
  const now = deps.now();
  const only = c.req.query('channel') || undefined;
  const date = c.req.query('date') || undefined;
  const channels = deps.channels.filter((ch) => !only || ch.id === only);
  if (channels.length === 0) return html`<p class="error">No channel "${only ?? ''}".</p>`;
  const setup = { channels: deps.channels, sources: deps.sources, topics: deps.topics ?? [] };
  const blocks: Html[] = [];
  for (const channel of channels) {
    try {
      const digest = await loadDigest(deps.db, setup, { channelId: channel.id, date, now });
      blocks.push(
        renderDigest(digest, now, date ? 'Digest' : "Today's digest", await itemIdsOf(deps, digest)),
      );
      if (!date && Date.parse(digest.scheduledAt) <= now.getTime()) {
        const next = await loadDigest(deps.db, setup, {
          channelId: channel.id,
          date: nextDate(digest.date),
          now,
        });
        blocks.push(renderDigest(next, now, 'Next digest, so far', await itemIdsOf(deps, next)));
      }
    } catch (error) {
      if (!(error instanceof DigestRequestError)) throw error;
      blocks.push(html`<p class="error">${channel.id}: ${error.message}</p>`);
    }
  }
  const channelLinks = deps.channels.map(
    (ch) => html`<a href="${hrefWith('/digest', { channel: ch.id, date })}">${ch.id}</a> `,
  );
  return html`<form class="filters" method="get" action="/digest">
      <label
        >Channel
        <select name="channel">
          <option value="">all</option>
          ${deps.channels.map(
            (ch) => html`<option value="${ch.id}" ${ch.id === only ? 'selected' : ''}>${ch.id}</option>`,
          )}
        </select></label
      >
      <label>Date <input type="date" name="date" value="${date ?? ''}" /></label>
      <button type="submit">Show</button> <span class="small muted">Channels: ${channelLinks}</span>
    </form>
    ${blocks}`;
}

/** The stored item behind each entry's lead link (by story and URL), for links to item pages. */
async function itemIdsOf(deps: DashboardDeps, digest: Digest): Promise<Map<string, string>> {
  if (digest.entries.length === 0) return new Map();
  const { rows } = await deps.db.query<{ story_id: string; url: string; id: string }>(
    `select story_id, url, id from items where story_id = any($1::text[]) and url = any($2::text[])`,
    [digest.entries.map((e) => e.storyId), digest.entries.map((e) => e.url)],
  );
  return new Map(rows.map((r) => [`${r.story_id} ${r.url}`, r.id]));
}

function renderDigest(digest: Digest, now: Date, heading: string, itemIds: Map<string, string>): Html {
  const send = digest.send;
  const status = send
    ? html`${send.state}${send.late ? ' (late)' : ''}${send.sentAt ? html`, sent ${timeAgo(send.sentAt, now)}` : ''}${
        send.lastError ? html` <span class="error">${isolate(send.lastError)}</span>` : ''
      }`
    : html`not sent yet`;
  const lead = (e: Digest['entries'][number]) => {
    const id = itemIds.get(`${e.storyId} ${e.url}`);
    return id ? html` · <a href="${itemHref(id)}">item</a>` : '';
  };
  return html`<section class="digest" data-channel="${digest.channelId}" data-date="${digest.date}">
    <h2>${heading}: ${digest.channelId}, ${digest.date}</h2>
    <p class="small muted">
      ${digest.scheduled ? '' : 'No digest configured for this channel; preview with the default schedule. '}
      Scheduled ${digest.time} ${digest.timeZone} (${timeAgo(digest.scheduledAt, now)}) · window
      ${absoluteTime(digest.window.start, now)} → ${absoluteTime(digest.window.end, now)} ·
      ${countOf(digest.entries.length, 'story', 'stories')} · status: ${status}
    </p>
    ${
      digest.entries.length === 0
        ? html`<p class="muted digest-empty">
            ${digest.whenEmpty === 'line' ? 'No new items in this window.' : 'Nothing to send.'}
          </p>`
        : html`<ol class="digest-entries">
            ${digest.entries.map(
              (e) =>
                html`<li class="digest-entry" data-story="${e.storyId}">
                  <a href="${safeHref(e.url)}" rel="noreferrer noopener"
                    >${localized(e.headline, {
                      lang: e.lang,
                      dir: e.dir,
                      className: 'headline',
                      role: 'headline',
                    })}</a
                  >
                  <div class="small">
                    first seen ${timeAgo(e.firstSeen, now)} · score
                    ${formatScore(e.score)}${e.alerted ? ' · alerted' : ''} ·
                    ${e.outlets.map((o, i) => html`${i ? ', ' : ''}<a href="${safeHref(o.url)}">${isolate(o.name)}</a>`)}
                  </div>
                  <div class="small muted">
                    ${isolate(e.reason)} · <a href="${storyHref(e.storyId)}">story</a>${lead(e)}
                  </div>
                </li>`,
            )}
          </ol>`
    }
  </section>`;
}

/** The calendar day after a YYYY-MM-DD date. */
export function nextDate(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
