/** Builds what an alert shows from the stored story: its lead item, and the other outlets that reported it. */
import type { Source } from '../../config/source-schema.js';
import { shortLinkOf } from '../../config/short-link.js';
import type { AlertView } from '../../deliver/discord/format-alert.js';
import type { Db } from '../../store/db.js';
import { listStoryItems } from '../../store/items-repo.js';
import { alertLeadOf } from '../article/first-crawl.js';
import { creditedLead } from './credited-lead.js';

export async function loadAlertView(
  db: Db,
  sources: Map<string, Source>,
  storyId: string,
  options: { feedback?: boolean; publicDashboardUrl?: string | undefined } = {},
): Promise<AlertView | null> {
  const items = await listStoryItems(db, storyId);
  const alerted = alertLeadOf(items) ?? null;
  if (!alerted) return null;
  // The original outlet is credited: a repost or an aggregator's copy moves to "also reported by".
  const lead = creditedLead(items, alerted, (sourceId) => sources.get(sourceId)?.aggregator === true);
  const outletName = (sourceId: string) => sources.get(sourceId)?.name ?? sourceId;
  const seen = new Set([lead.sourceId]);
  const alsoReportedBy: AlertView['alsoReportedBy'] = [];
  for (const item of items) {
    // Dropped items are off-topic: they never appear as "also reported by", even when clustered with the story.
    if (item.id === lead.id || item.decision === 'drop' || seen.has(item.sourceId)) continue;
    seen.add(item.sourceId);
    // Each report carries its shorter equivalents, so a long link is shortened rather than dropped.
    alsoReportedBy.push({
      outlet: outletName(item.sourceId),
      url: item.url,
      headline: item.title,
      canonicalUrl: item.canonicalUrl,
      shortUrl: shortLinkOf(sources.get(item.sourceId), item.url),
      itemId: item.id,
    });
  }
  return {
    storyId,
    headline: lead.title ?? lead.url,
    lang: lead.language,
    url: lead.url,
    canonicalUrl: lead.canonicalUrl,
    shortUrl: shortLinkOf(sources.get(lead.sourceId), lead.url),
    itemId: lead.id,
    outlet: outletName(lead.sourceId),
    publishedAt: lead.publishedAt,
    lead: lead.lead ?? (lead.text ? lead.text.slice(0, 600) : null),
    imageUrl: lead.imageUrl,
    score: lead.score ?? 0,
    reasons: lead.reasons
      .filter((r) => r.weight > 0)
      .sort((a, b) => b.weight - a.weight)
      .map((r) => r.label)
      .filter((label, index, labels) => labels.indexOf(label) === index),
    alsoReportedBy,
    // The why line's words; null for rows stored before evidence was kept (the alert then shows "Why?" alone).
    evidence: lead.evidence ?? null,
    ...(options.publicDashboardUrl
      ? {
          dashboardUrl: options.publicDashboardUrl,
          detailsUrl: `${options.publicDashboardUrl.replace(/\/+$/, '')}/items/${encodeURIComponent(lead.id)}`,
        }
      : {}),
    updated: lead.revision > 1,
    ...(options.feedback ? { feedbackItemId: lead.id } : {}),
  };
}
