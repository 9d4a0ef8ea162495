/**
 * Builds the alert message for one channel: an embed (discord.js EmbedBuilder) within every Discord limit,
 * and mentions restricted to the channel's configured role.
 */
import { EmbedBuilder, embedLength, time, TimestampStyles } from 'discord.js';
import type { ChannelConfig } from '../../config/channels.js';
import type { ClassificationEvidence } from '../../shared/types.js';
import { isolate, label, rtl, type LabelLanguage } from './bidi.js';
import { chooseLink, type LinkRef } from './link-choice.js';
import { discordLimits, type DiscordMessagePayload } from './discord-payload.js';
import { feedbackButtonsRow } from './feedback-buttons.js';
import { cleanScraped, fitDisplayText, safeUrl, trimToLimit } from './fit-text.js';
import { whyLine } from './why-line.js';

/** Everything the alert shows, loaded from the store by the pipeline. */
export interface AlertView extends LinkRef {
  storyId: string;
  /** Headline in the article's own language. */
  headline: string;
  lang: string | null;
  url: string;
  outlet: string;
  /** ISO-8601 publication time. */
  publishedAt: string | null;
  lead: string | null;
  imageUrl: string | null;
  score: number;
  /** Human-readable reasons, strongest first (the dashboard shows them; the alert does not). */
  reasons: string[];
  /** The lead item's typed evidence: the source of the alert's plain-words why line. @defaultValue undefined */
  evidence?: ClassificationEvidence | null;
  /** The dashboard's item page (the full reasons), when PUBLIC_DASHBOARD_URL is set. @defaultValue undefined */
  detailsUrl?: string | null;
  /** PUBLIC_DASHBOARD_URL: a link too long for Discord falls back to its `/i/<id>` redirect. @defaultValue undefined */
  dashboardUrl?: string | null;
  /** Other outlets' reports of the same story, oldest first, with their shorter equivalents. */
  alsoReportedBy: Array<LinkRef & { outlet: string; headline?: string | null }>;
  /** The alerted article was revised after the first post. */
  updated: boolean;
  /**
   * The alerted item's id when relevance buttons are wanted (interactions configured); bot channels then get
   * "relevant / not relevant" buttons. @defaultValue undefined (no buttons)
   */
  feedbackItemId?: string | null;
}

/** Length budgets below Discord's hard limits, so an alert stays short and scannable. */
const budgets = { lead: 160, why: 200, outlet: 100, alsoReported: 1000 } as const;
const COLOR_ALERT = 0xc0392b;
const COLOR_UPDATED = 0xe67e22;

/** The alert message for `channel`. Pure; never exceeds Discord's limits whatever the scraped text holds. */
export function formatAlert(view: AlertView, channel: ChannelConfig): DiscordMessagePayload {
  const language = channel.language ?? 'both';
  const embed = new EmbedBuilder()
    .setTitle(fitDisplayText(view.headline || view.url, discordLimits.title))
    .setColor(view.updated ? COLOR_UPDATED : COLOR_ALERT);
  // The headline links to the article itself; only a URL Discord refuses is replaced by a shorter equivalent.
  const url = safeUrl(view.url) ?? chooseLink(view, view.dashboardUrl)?.url;
  if (url) embed.setURL(url);

  // Everything but the headline is in the description, one short line each, so an alert stays within about
  // 12 lines on a phone: no field names, no footer (the publication time is on the outlet line).
  const published = parseTime(view.publishedAt);
  // Each run of the outlet line is isolated: an Arabic outlet name or language label next to the timestamps
  // (which Discord renders as digits and words in the reader's locale) would otherwise reorder them.
  const outlet = isolate(fitDisplayText(view.outlet || 'unknown outlet', budgets.outlet - 2));
  const updated = view.updated ? `**${label(language, 'Updated', 'تم التحديث')}**` : null;
  const lines = [
    outletLine(
      [updated, outlet, languageLabel(view.lang, language), ...publishedLabels(published)],
      language,
    ),
    formatWhy(view, channel),
    view.alsoReportedBy.length > 0
      ? `${label(language, 'Also reported by', 'نقلته أيضاً')}: ${formatAlsoReported(view.alsoReportedBy, view.dashboardUrl)}`
      : null,
  ].filter((line): line is string => Boolean(line));
  const lead = view.lead ? leadSentences(view.lead) : '';
  embed.setDescription([lead, lines.join('\n')].filter(Boolean).join('\n\n'));
  const image = safeUrl(view.imageUrl);
  if (image) embed.setImage(image);
  // No footer: no internal ids (issue 20), and the time is already on the outlet line.

  const json = embed.toJSON();
  // The budgets above keep the total far below 6,000; this guards against future budget changes.
  while (embedLength(json) > discordLimits.embedTotal && json.description) {
    json.description = trimToLimit(json.description, Math.max(0, json.description.length - 500)) || undefined;
  }

  const buttons =
    view.feedbackItemId && channel.destination.kind === 'channel'
      ? feedbackButtonsRow(view.feedbackItemId)
      : null;
  const components = buttons ? { components: [buttons] } : {};
  const role = channel.mentionRole;
  if (role && view.score >= role.minScore) {
    return {
      content: `<@&${role.roleId}>`,
      embeds: [json],
      allowed_mentions: { parse: [], roles: [role.roleId] },
      ...components,
    };
  }
  return { embeds: [json], allowed_mentions: { parse: [] }, ...components };
}

/** A forum post or follow-up thread name (≤ 100 characters, plain text). */
export function formatThreadName(view: AlertView): string {
  const name = trimToLimit(
    cleanScraped(view.headline || view.outlet, 200).replace(/\\/g, ''),
    discordLimits.threadName,
  );
  return name || 'raqib alert';
}

/**
 * One plain-words line from the typed evidence (never the reason strings), linked to the dashboard's item page
 * (the full reasons) when there is one; without evidence, a "Why?" link alone.
 */
function formatWhy(view: AlertView, channel: ChannelConfig): string | null {
  const language = channel.language ?? 'both';
  const line = whyLine(view.evidence, language);
  const details = safeUrl(view.detailsUrl ?? null, 500);
  const text = line ? isolate(trimToLimit(line, budgets.why).replace(/[[\]]/gu, '')) : null;
  if (details) return `↳ [${text ?? label(language, 'Why?', 'لماذا؟')}](${details})`;
  return text ? `↳ ${text}` : null;
}

/**
 * The lead cut to at most two sentences and {@link budgets.lead} characters: the first sentence, and the second
 * when both fit. A sentence end is a stop followed by a space, not closer than 25 characters to the start.
 */
export function leadSentences(text: string): string {
  const clean = cleanScraped(text, 2000);
  const ends = [...clean.matchAll(/[.!?؟۔](?=\s|$)/gu)].map((m) => m.index + 1).filter((i) => i >= 25);
  const two = ends.filter((i) => i <= budgets.lead).slice(0, 2);
  const cut = two[two.length - 1];
  const body = cut ? clean.slice(0, cut) : trimToLimit(clean, budgets.lead - 2);
  return isolate(body);
}

/** Masked links, as many as fit whole, then "+N more": a link is never cut in half. */
function formatAlsoReported(reports: AlertView['alsoReportedBy'], dashboardUrl?: string | null): string {
  const parts: string[] = [];
  const used = new Set<string>();
  let length = 0;
  for (const [index, report] of reports.entries()) {
    const name = isolate(fitDisplayText(report.outlet.replace(/[[\]]/g, '') || 'outlet', budgets.outlet - 2));
    // A long link (percent-encoded Arabic slugs) is shortened (canonical URL, the outlet's short form, the
    // dashboard's redirect) or, failing those, still linked up to Discord's URL limit: never dropped nor repeated.
    const url = chooseLink(report, dashboardUrl)?.url ?? null;
    const part = url && !used.has(url) ? `[${name}](${url})` : name;
    if (url) used.add(url);
    const rest = reports.length - index - 1;
    const reserve = rest > 0 ? ` · +${rest} more`.length : 0;
    if (length + part.length + 3 + reserve > budgets.alsoReported) {
      parts.push(`+${reports.length - index} more`);
      break;
    }
    parts.push(part);
    length += part.length + 3;
  }
  return trimToLimit(parts.join(' · '), discordLimits.fieldValue);
}

/** The runs joined by ` · `; an Arabic channel reads the whole line right to left (one RLI…PDI around it). */
function outletLine(runs: Array<string | null>, language: LabelLanguage): string {
  const line = runs.filter(Boolean).join(' · ');
  return language === 'ar' ? rtl(line) : line;
}

/** The article's language in the channel's label language(s); empty when unknown. */
function languageLabel(lang: string | null, language: LabelLanguage): string {
  if (lang === 'ar') return label(language, 'Arabic', 'عربي');
  if (lang === 'en') return label(language, 'English', 'إنجليزي');
  return '';
}

/**
 * Absolute (short date-time) and relative Discord timestamps, rendered in each reader's own zone and locale, each
 * in a first-strong isolate (an Arabic-locale rendering reads right to left, an English one left to right).
 */
function publishedLabels(published: Date | null): string[] {
  if (!published) return [];
  return [
    `\u2068${time(published, TimestampStyles.ShortDateTime)}\u2069`,
    `\u2068${time(published, TimestampStyles.RelativeTime)}\u2069`,
  ];
}

function parseTime(iso: string | null): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
